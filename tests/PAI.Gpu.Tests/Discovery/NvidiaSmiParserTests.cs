using PAI.Gpu.Discovery;

namespace PAI.Gpu.Tests.Discovery;

public sealed class NvidiaSmiParserTests
{
    [Fact]
    public void Parse_TwoHealthyDevices_ReadsEveryField()
    {
        const string output = """
            0, GPU-5f1a2b3c-0000-1111-2222-333344445555, NVIDIA GeForce RTX 4090, 24564, 1203, 7
            1, GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, NVIDIA H100 80GB HBM3, 81559, 0, 0
            """;

        var devices = NvidiaSmiParser.Parse(output, "box1");

        Assert.Equal(2, devices.Count);
        Assert.Equal("box1/GPU-5f1a2b3c-0000-1111-2222-333344445555", devices[0].DeviceId);
        Assert.Equal("0", devices[0].Index);
        Assert.Equal("NVIDIA GeForce RTX 4090", devices[0].Name);
        Assert.Equal(24564, devices[0].MemoryTotalMiB);
        Assert.Equal(1203, devices[0].MemoryUsedMiB);
        Assert.Equal(7, devices[0].UtilizationPercent);
        Assert.Equal("nvidia-smi", devices[1].Source);
        Assert.Equal(81559, devices[1].MemoryTotalMiB);
    }

    [Fact]
    public void Parse_NotAvailableAndNotSupported_BecomeNull()
    {
        const string output = "0, GPU-1234, Tesla K80, [N/A], [Not Supported], [Not Supported]\n";

        var device = Assert.Single(NvidiaSmiParser.Parse(output, "n"));

        Assert.Equal("Tesla K80", device.Name);
        Assert.Null(device.MemoryTotalMiB);
        Assert.Null(device.MemoryUsedMiB);
        Assert.Null(device.UtilizationPercent);
    }

    [Fact]
    public void Parse_MissingUuidAndUnitsPrinted_FallsBackToIndexKeyAndStripsUnits()
    {
        const string output = "3, [N/A], Some GPU, 8192 MiB, 100 MiB, 12 %\r\n";

        var device = Assert.Single(NvidiaSmiParser.Parse(output, "n"));

        Assert.Equal("n/3", device.DeviceId);
        Assert.Null(device.Uuid);
        Assert.Equal(8192, device.MemoryTotalMiB);
        Assert.Equal(12, device.UtilizationPercent);
    }

    [Fact]
    public void Parse_CommaInNameBlankAndGarbageLines_KeepsNameAndSkipsJunk()
    {
        const string output = """

            No devices were found
            NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.
            2, GPU-x, NVIDIA RTX A6000, Ada, 49140, 5, 99
            , , , , ,
            """;

        var device = Assert.Single(NvidiaSmiParser.Parse(output, "n"));

        Assert.Equal("NVIDIA RTX A6000, Ada", device.Name);
        Assert.Equal(49140, device.MemoryTotalMiB);
        Assert.Equal(99, device.UtilizationPercent);
    }

    [Fact]
    public void Parse_EmptyOutput_NoDevices() => Assert.Empty(NvidiaSmiParser.Parse(string.Empty, "n"));
}
