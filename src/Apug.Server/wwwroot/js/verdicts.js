// What each verdict means, for participants. The judge's own message (from the API) is shown next to it.

export const VERDICT_NAMES = {
  AC: "Accepted",
  WA: "Wrong answer",
  TLE: "Time limit exceeded",
  MLE: "Memory limit exceeded",
  OLE: "Output limit exceeded",
  RTE: "Run-time error",
  CE: "Compile error",
  JE: "Judge error",
};

/** A short explanation of a verdict, with the challenge's limits ({timeLimitSeconds, memoryMiB, outputMiB}). */
export function explainVerdict(verdict, limits) {
  const time = limits ? `${limits.timeLimitSeconds} s` : "the time limit";
  const memory = limits ? `${limits.memoryMiB} MiB` : "the memory limit";
  const output = limits ? `${limits.outputMiB} MiB` : "the output limit";
  switch (verdict) {
    case "AC":
      return "Your program printed the right answer on every test. Well done!";
    case "WA":
      return "Your program ran to the end but printed something else than the expected answer. " +
        "Check the exact format (spaces, capitals, punctuation, one answer per line) and the cases the samples do not show: smallest and largest inputs, ties, empty results.";
    case "TLE":
      return `Your program ran for longer than ${time} on a test. Either it waits for input that never comes (reading more lines than there are), ` +
        "loops forever, or it is too slow for the largest inputs: look for a faster way than trying every possibility.";
    case "MLE":
      return `Your program used more than ${memory} of memory. Huge lists, strings built again and again, or very deep recursion are the usual causes.`;
    case "OLE":
      return `Your program printed more than ${output}. Often a print inside a loop that never ends.`;
    case "RTE":
      return "Your program stopped with an error (an exception or a non-zero exit code), for example ValueError when reading the input, IndexError, ZeroDivisionError or RecursionError. " +
        "On a sample test you see the traceback below; the other tests stay secret.";
    case "CE":
      return "Python could not read your program: a SyntaxError or IndentationError. The message shows the line; running the samples here shows it too.";
    case "JE":
      return "The judge itself failed on this submission, not your program. Tell an organiser; they can judge it again.";
    default:
      return "";
  }
}
