using PAI.Models.Gateway;

namespace PAI.Models.Tests.Gateway;

/// <summary>Resolving endpoints from configuration and the conventional environment variables.</summary>
public sealed class ModelCatalogTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void EnvironmentOnly_MakesOneDefaultEndpointForEveryChatRole()
    {
        var catalog = new ModelCatalog(new ModelOptions(), Env(("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"), ("PAI_MODEL", "llama3.1:8b"), ("OPENAI_API_KEY", "sk-secret-value")));

        var endpoint = Assert.Single(catalog.All);
        Assert.Equal(("default", "llama3.1:8b", "http://127.0.0.1:11434/v1/"), (endpoint.Name, endpoint.Model, endpoint.BaseUrl.ToString()));
        Assert.True(endpoint.HasApiKey);
        Assert.DoesNotContain("sk-secret-value", endpoint.ToString(), StringComparison.Ordinal);
        Assert.Equal("llama3.1:8b", catalog.Resolve(ModelRole.Planner, null)!.Model);
        Assert.Null(catalog.Resolve(ModelRole.Embeddings, null));
    }

    [Fact]
    public void NothingConfigured_ResolvesNothing_AndSaysHowToConfigure()
    {
        var catalog = new ModelCatalog(new ModelOptions(), Env());

        Assert.False(catalog.IsConfigured);
        Assert.Null(catalog.Resolve(ModelRole.Planner, null));
        Assert.Contains("OPENAI_BASE_URL", catalog.Unavailable(ModelRole.Planner, null), StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointsServingOneModel_FormAPool_AndRolesAndModelIdsFindIt()
    {
        var options = new ModelOptions
        {
            Endpoints =
            {
                ["gpu0"] = new ModelEndpointOptions { BaseUrl = "http://127.0.0.1:11434/v1", Model = "qwen", Gpu = "n/0" },
                ["gpu1"] = new ModelEndpointOptions { BaseUrl = "http://127.0.0.1:11435/v1", Model = "qwen", Gpu = "n/1" },
                ["cloud"] = new ModelEndpointOptions { BaseUrl = "https://api.example.org/v1", Model = "big", ApiKeyEnvironmentVariable = "CLOUD_KEY" },
            },
            Roles = { Planner = "cloud", Agent = "gpu0" },
        };
        var catalog = new ModelCatalog(options, Env(("CLOUD_KEY", "k")));

        Assert.Equal(["gpu0", "gpu1"], catalog.Resolve(ModelRole.Agent, null)!.Endpoints.Select(e => e.Name));
        Assert.Equal(["gpu0", "gpu1"], catalog.Resolve(ModelRole.Agent, "qwen")!.Endpoints.Select(e => e.Name));
        Assert.Equal("big", catalog.Resolve(ModelRole.Planner, null)!.Model);
        Assert.True(catalog.All.Single(e => e.Name == "cloud").HasApiKey);
        Assert.Null(catalog.Resolve(ModelRole.Agent, "unknown-model"));
    }

    [Fact]
    public void KeyFile_IsRead_AndAMissingOneIsAProblemThatNamesTheSettingOnly()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "  from-file\n");
        var options = new ModelOptions
        {
            Endpoints =
            {
                ["a"] = new ModelEndpointOptions { BaseUrl = "http://127.0.0.1:1/v1", Model = "m", ApiKeyFile = file },
                ["b"] = new ModelEndpointOptions { BaseUrl = "http://127.0.0.1:1/v1", Model = "m", ApiKeyFile = file + ".missing" },
                ["c"] = new ModelEndpointOptions { BaseUrl = "not a url", Model = "m" },
            },
        };

        var catalog = new ModelCatalog(options, Env());

        Assert.True(catalog.All.Single(e => e.Name == "a").HasApiKey);
        Assert.False(catalog.All.Single(e => e.Name == "b").HasApiKey);
        Assert.Contains(catalog.Problems, p => p.Contains("Endpoints:b:ApiKeyFile", StringComparison.Ordinal));
        Assert.Contains(catalog.Problems, p => p.Contains("Endpoints:c:BaseUrl", StringComparison.Ordinal));
        File.Delete(file);
    }
}
