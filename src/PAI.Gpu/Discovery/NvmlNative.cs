using System.Runtime.InteropServices;

namespace PAI.Gpu.Discovery;

/// <summary>The few NVML entry points discovery needs (<c>libnvidia-ml.so.1</c>, shipped with the NVIDIA driver).</summary>
internal static partial class NvmlNative
{
    private const string Library = "libnvidia-ml.so.1";

    /// <summary>NVML_SUCCESS.</summary>
    public const int Success = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Utilization
    {
        public uint Gpu;
        public uint MemoryPercent;
    }

    [LibraryImport(Library, EntryPoint = "nvmlInit_v2")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "nvmlShutdown")]
    public static partial int Shutdown();

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial int GetCount(out uint count);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial int GetHandleByIndex(uint index, out IntPtr device);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUUID")]
    public static partial int GetUuid(IntPtr device, [Out] byte[] uuid, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetName")]
    public static partial int GetName(IntPtr device, [Out] byte[] name, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    public static partial int GetMemoryInfo(IntPtr device, out Memory memory);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUtilizationRates")]
    public static partial int GetUtilizationRates(IntPtr device, out Utilization utilization);
}
