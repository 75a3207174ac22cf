namespace PAI.Host.Auth;

/// <summary>
/// Marks an endpoint that changes nothing although its HTTP method is POST (every gRPC call is a POST): any key may
/// call it, read-only keys included (see <see cref="WriteNeedsWriterRequirement"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyCallAttribute : Attribute;
