using Google.Rpc;
using BadRequest = Google.Rpc.BadRequest;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Host.Apis.Json;
using PAI.Host.Auth;

namespace PAI.Host.GrpcApi;

/// <summary>
/// Turns the problem details the HTTP handlers answer with into a gRPC status: the code that matches the HTTP status
/// (<see cref="GrpcAnswers.CodeOf"/>), the message "title: detail", and for request errors a
/// <see cref="BadRequest"/> with one field violation per <c>errors</c> entry (google.rpc rich error details).
/// </summary>
public static class GrpcProblems
{
    /// <summary>The exception to throw for <paramref name="problem"/>.</summary>
    public static RpcException ToRpcException(ProblemHttpResult problem)
    {
        var details = problem.ProblemDetails;
        var status = new Google.Rpc.Status
        {
            Code = (int)GrpcAnswers.CodeOf(details.Status ?? StatusCodes.Status500InternalServerError),
            Message = details.Detail is { Length: > 0 } detail ? $"{details.Title}: {detail}" : details.Title ?? "error",
        };

        if (details.Extensions.TryGetValue("errors", out var value) && value is IEnumerable<FieldError> errors)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(errors.Select(e => new BadRequest.Types.FieldViolation { Field = e.Path, Description = e.Message }));
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(badRequest));
        }

        if (details.Extensions.TryGetValue("quota", out var quota) && quota is string name)
        {
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo { Reason = "QUOTA_EXCEEDED", Domain = "pai", Metadata = { ["quota"] = name } }));
        }

        return status.ToRpcException();
    }
}
