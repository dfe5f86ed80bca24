using Apug.Server.Judging;

namespace Apug.Tests.Judging;

public class MessagesTests
{
    [Theory]
    [InlineData("Traceback (most recent call last):\n  File \"solution.py\", line 1\nZeroDivisionError: division by zero\n", "ZeroDivisionError")]
    [InlineData("Traceback\nValueError: invalid literal for int() with base 10: 'secret 42'", "ValueError")]
    [InlineData("Traceback\nKeyboardInterrupt", "KeyboardInterrupt")]
    [InlineData("Traceback\nRecursionError: maximum recursion depth exceeded", "RecursionError")]
    public void ASecretTestsRunTimeErrorNamesABuiltInExceptionButNotItsMessage(string stderr, string expected) =>
        Assert.Equal(expected, PythonExceptions.NameIn(stderr));

    [Theory]
    [InlineData("Traceback\nmodule.CustomException: 17 19")]
    [InlineData("Traceback\nAnswerIs42Error: x")] // a name the program made up could carry secret data out
    [InlineData("Traceback\nclass Leak17(Exception)")]
    public void AnExceptionNameTheProgramMadeUpIsNeverShown(string stderr) => Assert.Null(PythonExceptions.NameIn(stderr));

    [Theory]
    [InlineData("")]
    [InlineData("the answer is 42")]
    [InlineData("Segmentation fault")]
    public void StderrThatIsNotATracebackGivesNoName(string stderr) => Assert.Null(PythonExceptions.NameIn(stderr));
}
