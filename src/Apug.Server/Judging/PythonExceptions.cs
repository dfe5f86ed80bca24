namespace Apug.Server.Judging;

/// <summary>
/// What a team may learn of a run-time error on a secret test: the exception's type, and only when it is one of
/// Python's built-in exceptions. A name the program made up (or printed itself) could carry secret data out.
/// </summary>
public static class PythonExceptions
{
    // The built-in exception classes of CPython 3.11 (`dir(builtins)`), the sandbox's Python.
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "BaseExceptionGroup",
        "BlockingIOError",
        "BrokenPipeError",
        "BufferError",
        "BytesWarning",
        "ChildProcessError",
        "ConnectionAbortedError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "DeprecationWarning",
        "EOFError",
        "EncodingWarning",
        "EnvironmentError",
        "Exception",
        "ExceptionGroup",
        "FileExistsError",
        "FileNotFoundError",
        "FloatingPointError",
        "FutureWarning",
        "GeneratorExit",
        "IOError",
        "ImportError",
        "ImportWarning",
        "IndentationError",
        "IndexError",
        "InterruptedError",
        "IsADirectoryError",
        "KeyError",
        "KeyboardInterrupt",
        "LookupError",
        "MemoryError",
        "ModuleNotFoundError",
        "NameError",
        "NotADirectoryError",
        "NotImplementedError",
        "OSError",
        "OverflowError",
        "PendingDeprecationWarning",
        "PermissionError",
        "ProcessLookupError",
        "RecursionError",
        "ReferenceError",
        "ResourceWarning",
        "RuntimeError",
        "RuntimeWarning",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SyntaxWarning",
        "SystemError",
        "SystemExit",
        "TabError",
        "TimeoutError",
        "TypeError",
        "UnboundLocalError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "UnicodeTranslateError",
        "UnicodeWarning",
        "UserWarning",
        "ValueError",
        "Warning",
        "ZeroDivisionError",
    };

    /// <summary>"ZeroDivisionError" from a traceback's last line; null unless it names a built-in exception.</summary>
    public static string? NameIn(string stderr)
    {
        var last = stderr.TrimEnd().Split('\n')[^1];
        var colon = last.IndexOf(':');
        var name = (colon > 0 ? last[..colon] : last).Trim();
        return BuiltIn.Contains(name) ? name : null;
    }
}
