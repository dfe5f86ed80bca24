using Apug.Server.Challenges.Generators;

namespace Apug.Tests.Challenges;

/// <summary>
/// What BAPCtools' generators/generators.yaml asks for, read as BAPCtools reads it (its doc/generators.md and
/// bapctools/generate.py): names, numbering, seeds, includes, group files. Running it is GeneratorTests' (real sandbox).
/// </summary>
public class GeneratorsPlanTests
{
    private static readonly string Fixture = Path.Combine(TestPaths.TestPackages, "compat", "generators");

    private static GeneratorsPlan Plan(string root) => GeneratorsPlan.Read(root, text => text.Replace("{{N}}", "5", StringComparison.Ordinal));

    [Fact]
    public void TestCasesAreNamedAndNumberedAsBapctoolsNamesThem()
    {
        // Numbered (list) test cases share one counter across the file; map keys keep their names; count adds -N.
        Assert.Equal(
            ["sample/1", "sample/2", "secret/exact/3-random-1", "secret/exact/4-random-2", "secret/exact/5-random-3", "secret/exact/6-copied",
             "secret/exact/7-native", "secret/exact/8-broken", "secret/exact/9-lib", "secret/tolerant/half", "secret/tolerant/6-copied"],
            Plan(Fixture).Cases.Select(c => c.Path));
    }

    [Fact]
    public void EachSourceIsWhatTheYamlSays()
    {
        var cases = Plan(Fixture).Cases.ToDictionary(c => c.Path);
        Assert.Equal(new InlineSource("1 2\n"), cases["sample/1"].Input);
        Assert.Equal(new InlineSource("3\n"), cases["sample/1"].Answer);
        Assert.Equal(new SolutionSource("submissions/accepted/sum.py"), cases["sample/2"].Answer);
        Assert.Equal(new CopySource("generators/manual/big.in"), cases["secret/exact/6-copied"].Input);
        Assert.Equal(new CopySource("generators/manual/big.ans"), cases["secret/exact/6-copied"].Answer);
        Assert.Equal(cases["secret/exact/6-copied"].Input, cases["secret/tolerant/6-copied"].Input); // include links the case
        var native = Assert.IsType<GenerateSource>(cases["secret/exact/7-native"].Input);
        Assert.Equal("generators/pair.cpp", native.Program.Entry);
        Assert.Equal(["7", "8"], native.Arguments);
        var lib = Assert.IsType<GenerateSource>(cases["secret/exact/9-lib"].Input);
        Assert.Equal(["generators/lib_gen_main.py", "generators/pairs_lib.py"], lib.Program.Files); // the generators: map
        Assert.Equal("description: accepted only with the group's float_tolerance\n", cases["secret/tolerant/half"].Yaml);
    }

    [Fact]
    public void SeedsAreBapctoolsSeedsAndNameIsTestcase()
    {
        // int(sha512(salt [+ ":count-1"] + command).hexdigest(), 16) % 2**31, computed with Python's hashlib.
        Assert.Equal(1837485742, GeneratorsPlan.SeedOf("", 1, "random_pair.py {seed} {name}"));
        Assert.Equal(1169307531, GeneratorsPlan.SeedOf("", 2, "random_pair.py {seed} {name}"));
        var cases = Plan(Fixture).Cases.ToDictionary(c => c.Path);
        Assert.Equal(["1837485742", "testcase"], Assert.IsType<GenerateSource>(cases["secret/exact/3-random-1"].Input).Arguments);
        Assert.Equal(["1169307531", "testcase"], Assert.IsType<GenerateSource>(cases["secret/exact/4-random-2"].Input).Arguments);
    }

    [Fact]
    public void GroupFilesAreWrittenAndValidatorSelfTestsAreLeftOutWithAWarning()
    {
        var plan = Plan(Fixture);
        Assert.Equal(["secret/tolerant"], plan.GroupFiles.Keys);
        Assert.Contains("float_tolerance", plan.GroupFiles["secret/tolerant"]);
        Assert.Contains("data/invalid_input is not generated: it holds BAPCtools' checks of the validators, not test data", plan.Warnings);
    }

    [Fact]
    public void CountsConstantsAndUnknownGeneratorsFollowBapctools()
    {
        using var folder = new TemporaryFolder();
        folder.Write("generators/gen.py", "print(1)\n").Write("generators/generators.yaml", """
            solution: /submissions/accepted/a.py
            random_salt: abc
            data:
              secret:
                data:
                  - padded:
                      generate: gen.py {count} {seed:1}
                      count: 10
                  - ranged:
                      generate: gen.py {{N}} {count}
                      count: -1..=1
                  - missing: nothing.py
                  - noanswer:
                      in: "1"
                      solution: ""
            """);
        var plan = Plan(folder.FullPath);
        Assert.DoesNotContain(plan.Warnings, w => w.StartsWith("cannot be read", StringComparison.Ordinal));
        var names = plan.Cases.Select(c => c.Path[(c.Path.IndexOf('/') + 1)..]).ToList();
        Assert.Equal("01-padded-01", names[0]);                  // 15 numbered cases: two digits; counts 1..10 padded to two
        Assert.Equal(["11-ranged--1", "12-ranged-00", "13-ranged-01"], names.Skip(10).Take(3)); // Python: f"{v:02}"
        Assert.Equal(["5", "-1"], ((GenerateSource)plan.Cases[10].Input).Arguments); // {{N}} replaced, {count} too
        Assert.Equal(GeneratorsPlan.SeedOf("abc", 2, "gen.py 2 {seed:1}").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ((GenerateSource)plan.Cases[1].Input).Arguments[1]);
        Assert.Contains("data/secret/14-missing: generator 'nothing.py' is not in generators/; test case skipped", plan.Warnings);
        Assert.Contains("data/secret/15-noanswer: no answer and no solution to make one; skipped", plan.Warnings);
    }

    [Fact]
    public void WithoutSolutionTheFirstAcceptedPythonSubmissionMakesTheAnswers()
    {
        using var folder = new TemporaryFolder();
        folder.Write("submissions/accepted/zeta.py", "print(input())\n").Write("submissions/accepted/alpha.py", "print(input())\n")
            .Write("generators/generators.yaml", "data:\n  secret:\n    data:\n      only: {in: '1'}\n");
        Assert.Equal(new SolutionSource("submissions/accepted/alpha.py"), Plan(folder.FullPath).Cases.Single().Answer);
    }
}
