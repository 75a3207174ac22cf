using PAI.Abstractions.Tools;

namespace PAI.Engine.Templates;

/// <summary>What one template evaluation has used so far of <see cref="TemplateLimits"/>.</summary>
internal sealed class TemplateBudget
{
    private int _expressions;
    private long _resultLength;

    /// <summary>Characters the result may still grow by.</summary>
    public long ResultLeft => TemplateLimits.MaxResultLength - _resultLength;

    /// <summary>Counts one more expression; throws once there are too many.</summary>
    public void CountExpression()
    {
        if (++_expressions > TemplateLimits.MaxExpressions)
        {
            throw new ToolException($"the template holds more than {TemplateLimits.MaxExpressions} '${{...}}' expressions");
        }
    }

    /// <summary>Counts characters added to the result; throws once the result is too large.</summary>
    public void AddResult(long length, TemplateExpression at)
    {
        _resultLength += length;
        if (_resultLength > TemplateLimits.MaxResultLength)
        {
            throw TooLarge(at);
        }
    }

    /// <summary>The error for a result that would pass <see cref="TemplateLimits.MaxResultLength"/>.</summary>
    public static ToolException TooLarge(TemplateExpression at) =>
        new($"the values the template takes add up to more than {TemplateLimits.MaxResultLength} characters (at '{at}')");
}
