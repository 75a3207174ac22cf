namespace PAI.Host.Apis.Json;

/// <summary>One thing wrong with a request, pointing at the field: an entry of a problem's <c>errors</c> array.</summary>
/// <param name="Path">Where, e.g. <c>plan.steps[0].approval</c> for a body field or <c>limit</c> for a query parameter; <c>$</c> for the whole body.</param>
/// <param name="Message">What is wrong, in one readable sentence.</param>
public sealed record FieldError(string Path, string Message);
