using Apug.Server.Judging;

namespace Apug.Tests.Judging;

public class MessagesTests
{
    [Theory]
    [InlineData("Traceback (most recent call last):\n  File \"solution.py\", line 1\nZeroDivisionError: division by zero\n", "ZeroDivisionError")]
    [InlineData("Traceback\nValueError: invalid literal for int() with base 10: 'secret 42'", "ValueError")]
    [InlineData("Traceback\nmodule.CustomException: 17 19", "module.CustomException")]
    [InlineData("Traceback\nKeyboardInterrupt", "KeyboardInterrupt")]
    public void ASecretTestsRunTimeErrorNamesTheExceptionButNotItsMessage(string stderr, string expected) =>
        Assert.Equal(expected, JudgeRunner.ExceptionName(stderr));

    [Theory]
    [InlineData("")]
    [InlineData("the answer is 42")]
    [InlineData("Segmentation fault")]
    public void StderrThatIsNotATracebackGivesNoName(string stderr) => Assert.Null(JudgeRunner.ExceptionName(stderr));
}
