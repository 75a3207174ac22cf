/// <summary>Exposed so that tests can host the application in-process.</summary>
public partial class Program;
