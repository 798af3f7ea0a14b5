using Memfun.Agent.Verification;
using Memfun.Sandbox;

namespace Memfun.Agent.Tests.Verification;

/// <summary>Test runners' summaries, as the runners print them, read into counts.</summary>
public sealed class TestReportTests
{
    private static TestReport Report(int exitCode, string stdout, string stderr = "") =>
        TestReport.From(new CommandResult(exitCode, stdout, stderr, false, TimeSpan.FromSeconds(1)));

    [Fact]
    public void Unittest_FailuresAndErrorsCount_AsFailed()
    {
        var report = Report(1, "", "..FE.\n======\nFAIL: test_add\n----------------------------------------------------------------------\nRan 5 tests in 0.002s\n\nFAILED (failures=1, errors=1)\n");

        Assert.Equal(2, report.Failed);
        Assert.Equal(3, report.Passed);
        Assert.Equal("2 failed", report.Summary);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public void Unittest_Ok_IsPassing()
    {
        var report = Report(0, "", "...\n----------------------------------------------------------------------\nRan 3 tests in 0.001s\n\nOK\n");

        Assert.Equal(0, report.Failed);
        Assert.Equal(3, report.Passed);
        Assert.Equal("3 passed", report.Summary);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public void Pytest_SummaryLine()
    {
        var report = Report(1, "tests/test_x.py .F.\n=================== 1 failed, 2 passed in 0.12s ===================\n");

        Assert.Equal(1, report.Failed);
        Assert.Equal(2, report.Passed);
    }

    [Fact]
    public void DotnetTest_SumsEveryProject()
    {
        var report = Report(1, "Failed!  - Failed:     2, Passed:    10, Skipped:     0, Total:    12, Duration: 1 s - A.Tests.dll (net10.0)\nPassed!  - Failed:     0, Passed:     5, Skipped:     0, Total:     5, Duration: 1 s - B.Tests.dll (net10.0)\n");

        Assert.Equal(2, report.Failed);
        Assert.Equal(15, report.Passed);
    }

    [Fact]
    public void Cargo_TestResultLines()
    {
        var report = Report(101, "test result: FAILED. 4 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n");

        Assert.Equal(1, report.Failed);
        Assert.Equal(4, report.Passed);
    }

    [Fact]
    public void Jest_TestsLine()
    {
        var report = Report(1, "", "Tests:       3 failed, 7 passed, 10 total\n");

        Assert.Equal(3, report.Failed);
        Assert.Equal(7, report.Passed);
    }

    [Fact]
    public void GoTest_CountsFailedTests()
    {
        var report = Report(1, "--- FAIL: TestAdd (0.00s)\n--- FAIL: TestSub (0.00s)\nFAIL\nFAIL\texample.com/calc\t0.002s\n");

        Assert.Equal(2, report.Failed);
        Assert.Null(report.Passed);
    }

    [Fact]
    public void UnknownOutput_FallsBackToTheExitCode()
    {
        Assert.Equal("failing (exit 2)", Report(2, "something broke").Summary);
        Assert.Equal("passing", Report(0, "all good").Summary);
        Assert.Equal("timed out", TestReport.From(new CommandResult(-1, "", "", true, TimeSpan.FromSeconds(1))).Summary);
    }

    [Fact]
    public void Verification_SaysWhenAChangeMakesTestsWorse()
    {
        var test = new TestCommand("python3 -m unittest", "detected: Python project");
        var green = Report(0, "", "Ran 3 tests in 0.1s\n\nOK\n");
        var oneFailing = Report(1, "", "Ran 3 tests in 0.1s\n\nFAILED (failures=1)\n");

        Assert.False(new TestVerification(test, oneFailing, green).Regressed);
        Assert.True(new TestVerification(test, green, oneFailing).Regressed);
        Assert.Equal("1 failed → 3 passed (python3 -m unittest)", new TestVerification(test, oneFailing, green).Summary);
    }
}
