namespace PAI.Engine;

internal static class Placeholder;
