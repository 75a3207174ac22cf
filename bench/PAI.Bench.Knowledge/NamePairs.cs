namespace PAI.Bench.Knowledge;

/// <summary>
/// Labelled entity-name pairs for the merge threshold: names a person would mean as the same entity (variants that
/// normalisation alone does not catch) and names that must stay apart although they look alike. Hand-made; the
/// point is the hard negatives (one letter or number apart), which decide how high the threshold must be.
/// </summary>
internal static class NamePairs
{
    public static readonly (string A, string B)[] Same =
    [
        ("Acme Corporation", "Acme Corp"), ("International Business Machines", "IBM"), ("New York City", "NYC"),
        ("Microsoft Corporation", "Microsoft"), ("PostgreSQL", "Postgres"), ("Kubernetes", "K8s"),
        ("Dr. Jane Doe", "Jane Doe"), ("United States of America", "United States"), ("USA", "United States"),
        ("home lab server", "homelab server"), ("GPU box", "GPU machine"), ("Project Kiln", "Kiln project"),
        ("LGBTQ support group", "LGBTQ+ support group"), ("machine learning", "ML"), ("San Francisco", "SF"),
        ("St. Louis", "Saint Louis"), ("Mount Everest", "Mt. Everest"), ("running club", "runners club"),
        ("Visual Studio Code", "VS Code"), ("grandma", "grandmother"), ("Toyota Prius", "Prius"),
        ("Golden Gate Bridge", "Golden Gate"), ("the pottery studio", "pottery studio downtown"),
        ("Caroline's painting class", "painting class of Caroline"), ("JavaScript", "Javascript language"),
        ("Python 3", "Python"), ("kiln controller", "kiln controller board"), ("Melanie's kids", "Melanie's children"),
        ("adoption agency", "the adoption agencies"), ("transgender support group", "trans support group"),
    ];

    public static readonly (string A, string B)[] Different =
    [
        ("Acme Corporation", "Apex Corporation"), ("John Smith", "Jane Smith"), ("Java", "JavaScript"),
        ("Austria", "Australia"), ("Paris", "Paris Hilton"), ("iPhone 14", "iPhone 15"), ("Caroline", "Melanie"),
        ("New York", "New Jersey"), ("Microsoft", "Apple"), ("kiln", "oven"), ("GPU", "CPU"), ("PostgreSQL", "MySQL"),
        ("Mount Everest", "Mount Kilimanjaro"), ("Saint Louis", "Saint Paul"), ("grandmother", "grandfather"),
        ("Project Kiln", "Project Glaze"), ("running club", "book club"), ("Tokyo", "Kyoto"), ("summer 2022", "summer 2023"),
        ("Alice Johnson", "Alice Jackson"), ("sister", "brother"), ("Toyota Prius", "Toyota Corolla"), ("red car", "blue car"),
        ("Monday meeting", "Tuesday meeting"), ("Chapter 1", "Chapter 2"), ("Windows 10", "Windows 11"), ("dog", "cat"),
        ("coffee", "tea"), ("painting class", "pottery class"), ("support group", "book group"),
    ];
}
