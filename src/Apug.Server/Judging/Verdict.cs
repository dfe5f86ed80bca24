namespace Apug.Server.Judging;

/// <summary>The judge's answer for one test or a whole submission.</summary>
public enum Verdict
{
    AC, // accepted
    WA, // wrong answer
    TLE, // time limit exceeded
    MLE, // memory limit exceeded
    RTE, // run-time error
    OLE, // output limit exceeded
    CE, // compile error (Python: SyntaxError)
    JE, // judge error: the judge, not the team, failed
}
