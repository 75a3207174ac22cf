using Grpc.Core;

namespace PAI.Host.Auth;

/// <summary>Answers a gRPC request that fails before reaching its service (authentication, authorization).</summary>
public static class GrpcAnswers
{
    /// <summary>True for a gRPC request (<c>application/grpc</c>, with or without a <c>+proto</c> suffix).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A trailers-only gRPC answer with the status code that matches HTTP <paramref name="httpStatus"/>.</summary>
    public static void WriteTrailersOnly(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)CodeOf(httpStatus)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message.ReplaceLineEndings(" "));
    }

    /// <summary>The gRPC status code for an HTTP status of PAI's API (the mapping docs/api.md lists).</summary>
    public static StatusCode CodeOf(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType
            or StatusCodes.Status422UnprocessableEntity => StatusCode.InvalidArgument,
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
        StatusCodes.Status404NotFound => StatusCode.NotFound,
        StatusCodes.Status409Conflict => StatusCode.FailedPrecondition,
        StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        StatusCodes.Status504GatewayTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };
}
