// The pwsh subset: one row per script with its exact log, exit code and $GITHUB_OUTPUT content.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scripts/script.h"

namespace ghaplay::scripts {
namespace {

const char* const kOutput = "/home/runner/work/_temp/_runner_file_commands/set_output_1";
const char* const kEnv = "/home/runner/work/_temp/_runner_file_commands/set_env_1";

ScriptResult run(const std::string& source, std::size_t budget = 100000) {
  ScriptInput input;
  input.source = source;
  input.env = {{"GITHUB_OUTPUT", kOutput}, {"GITHUB_ENV", kEnv}, {"HOME", "/home/runner"}, {"NAME", "octocat"}};
  input.files = {{kOutput, ""}, {kEnv, ""}};
  input.step_budget = budget;
  return run_pwsh(input);
}

struct Case {
  const char* name;
  std::string source;
  std::string log;
  int exit_code = 0;
  std::string output = "";  // $GITHUB_OUTPUT afterwards
};

class Pwsh : public ::testing::TestWithParam<Case> {};

TEST_P(Pwsh, Runs) {
  const auto& c = GetParam();
  auto result = run(c.source);
  EXPECT_EQ(result.log, c.log);
  EXPECT_EQ(result.exit_code, c.exit_code);
  EXPECT_EQ(result.files.at(kOutput), c.output);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Pwsh,
    ::testing::Values(
        // GitHub's documentation, verbatim.
        Case{"DocsStringRedirect", "\"mypet=cat\" >> $env:GITHUB_OUTPUT\n", "", 0, "mypet=cat\n"},
        Case{"DocsSelectedColor", "$thisisthecolor = \"purple\"\n\"SELECTED_COLOR=$thisisthecolor\" >> $env:GITHUB_OUTPUT\n", "", 0,
             "SELECTED_COLOR=purple\n"},
        Case{"DocsEchoSubexpression", "echo \"output1=$($env:NAME)\" >> $env:GITHUB_OUTPUT", "", 0, "output1=octocat\n"},
        Case{"EchoPrints", "echo hello\nWrite-Output 'a b'\nWrite-Host \"x\" 'y'", "hello\na b\nx y\n"},
        Case{"EchoArgsEachOnALine", "echo a b", "a\nb\n"},
        Case{"BareValues", "'lit'\n42\n$true\n1.5\n$null\n@(1,2)", "lit\n42\nTrue\n1.5\n1\n2\n"},
        Case{"BarewordArgumentsAreStrings", "Write-Output 1 + 2", "1\n+\n2\n"},
        Case{"ExpressionMode", "1 + 2\n'a' + 1\n5 / 2\n6 / 3\n7 % 3\n2 * 3.5\n'ab' * 2", "3\na1\n2.5\n2\n1\n7\nabab\n"},
        Case{"Variables", "$x = 'one'\n$X\n$y = $x + '!'\n\"[$y] [${x}]\"", "one\n[one!] [one]\n"},
        Case{"EnvReadAndWrite", "$env:FOO = 'bar'\n$env:FOO\n\"$env:NAME\"\n$env:MISSING -eq $null", "bar\noctocat\nTrue\n"},
        Case{"SubexpressionAndMember", "$s = 'hello'\n\"len=$($s.Length) up=$($s.ToUpper())\"\n\"$s.Length\"", "len=5 up=HELLO\nhello.Length\n"},
        Case{"BacktickEscapes", "\"a`tb`n`\"c`\" `$x ``\"", "a\tb\n\"c\" $x `\n"},
        Case{"SingleQuoted", "'it''s $x'", "it's $x\n"},
        Case{"HereStrings", "$n = 'N'\n@\"\nline $n\n  two\n\"@\n@'\nraw $n\n'@", "line N\n  two\nraw $n\n"},
        Case{"IfElseifElse", "$v = 5\nif ($v -gt 10) { 'big' } elseif ($v -ge 5) { 'mid' } else { 'small' }", "mid\n"},
        Case{"ComparisonOperators",
             "'ABC' -eq 'abc'\n'ABC' -ceq 'abc'\n1 -eq '1'\n'b' -lt 'C'\n'file.txt' -like '*.TXT'\n'v1.2' -match '^v(\\d+)'\n$Matches[1]\n"
             "-not $false\n$true -and $false\n$false -or 1\n@(1,2,3) -contains 2\n3 -in 1,2\n1,2,3,2 -eq 2",
             "True\nFalse\nTrue\nTrue\nTrue\nTrue\n1\nTrue\nFalse\nTrue\nTrue\nFalse\n2\n2\n"},
        Case{"ReplaceSplitJoin", "'a-b-c' -replace '-', '+'\n'k=v' -replace '(\\w)=(\\w)', '$2=$1'\n('a,b,,c' -split ',').Count\n@('x','y') -join ';'",
             "a+b+c\nv=k\n4\nx;y\n"},
        Case{"FormatOperator", "'{0}-{1}' -f 'a', 2\n'{0:N2}' -f 1234.5\n'{0,5}|' -f 'x'", "a-2\n1,234.50\n    x|\n"},
        Case{"Foreach", "foreach ($i in @(1, 2, 3)) { \"i=$i\" }\nforeach ($c in 'a','b') { Write-Output $c }", "i=1\ni=2\ni=3\na\nb\n"},
        Case{"ForWhileRange", "for ($i = 0; $i -lt 3; $i++) { $i }\n$n = 0\nwhile ($n -lt 2) { $n += 1 }\n$n\n1..3 -join ','", "0\n1\n2\n2\n1,2,3\n"},
        Case{"BreakContinue", "foreach ($i in 1..5) { if ($i -eq 2) { continue }; if ($i -eq 4) { break }; $i }", "1\n3\n"},
        Case{"OutFileAppend", "'a=1' | Out-File -FilePath $env:GITHUB_OUTPUT -Append\n\"b=2\" | Out-File $env:GITHUB_OUTPUT -Append -Encoding utf8", "", 0,
             "a=1\nb=2\n"},
        Case{"OutFileOverwrites", "'a=1' >> $env:GITHUB_OUTPUT\n'b=2' | Out-File -FilePath $env:GITHUB_OUTPUT", "", 0, "b=2\n"},
        Case{"AddContent", "Add-Content -Path $env:GITHUB_OUTPUT -Value \"x=1\"\nAdd-Content $env:GITHUB_OUTPUT 'y=2'\n'z=3' | Add-Content $env:GITHUB_OUTPUT",
             "", 0, "x=1\ny=2\nz=3\n"},
        Case{"SetContentAndRedirect", "'old' > $env:GITHUB_OUTPUT\nSet-Content -Path $env:GITHUB_OUTPUT -Value 'a=1'", "", 0, "a=1\n"},
        Case{"MultilineOutputHeredoc", "$d = 'EOF'\n\"json<<$d\" >> $env:GITHUB_OUTPUT\n'{\"a\": 1}' >> $env:GITHUB_OUTPUT\n$d >> $env:GITHUB_OUTPUT",
             "", 0, "json<<EOF\n{\"a\": 1}\nEOF\n"},
        Case{"WriteHostIsNotRedirected", "Write-Host 'a=1' >> $env:GITHUB_OUTPUT", "a=1\n", 0, ""},
        Case{"DotNetFileApi", "[IO.File]::AppendAllText($env:GITHUB_OUTPUT, \"k=v`n\")", "", 0, "k=v\n"},
        Case{"Comments", "# comment\n<# block\ncomment #> 'after'\n'x' # trailing", "after\nx\n"},
        Case{"Functions", "function Add-One($n) { return $n + 1 }\nAdd-One 4\nfunction Greet { param($Name = 'you') \"hi $Name\" }\nGreet\nGreet -Name bob",
             "5\nhi you\nhi bob\n"},
        Case{"TryCatchFinally", "try { throw 'bad' } catch { \"caught: $($_.Exception.Message)\" } finally { 'done' }", "caught: bad\ndone\n"},
        Case{"Hashtable", "$h = @{ a = 1; b = 'two' }\n$h.a\n$h['b']\n$h.Count", "1\ntwo\n2\n"},
        Case{"ConvertToJson", "@{ name = 'x'; list = @(1, 2) } | ConvertTo-Json -Compress\n[ordered]@{ a = 1 } | ConvertTo-Json",
             "{\"name\":\"x\",\"list\":[1,2]}\n{\n  \"a\": 1\n}\n"},
        Case{"ConvertFromJson", "$o = '{\"a\": {\"b\": [1, 2]}}' | ConvertFrom-Json\n$o.a.b[1]", "2\n"},
        Case{"PipelineCmdlets", "1..5 | Where-Object { $_ -gt 2 } | ForEach-Object { $_ * 10 }\n3,1,2 | Sort-Object | Select-Object -First 2", "30\n40\n50\n1\n2\n"},
        Case{"ExitCode", "'before'\nexit 3\n'after'", "before\n", 3},
        Case{"LastExitCodeAtEnd", "$LASTEXITCODE = 4", "", 4},
        Case{"ThrowFails", "'start'\nthrow \"boom\"",
             "start\nException: /home/runner/work/_temp/script.ps1:2\nLine |\n   2 |  throw \"boom\"\n     |  ~~~~~~~~~~~~\n     | boom\n", 1},
        Case{"WriteErrorStops", "Write-Error 'nope'\n'never'",
             "Write-Error: /home/runner/work/_temp/script.ps1:1\nLine |\n   1 |  Write-Error 'nope'\n     |  ~~~~~~~~~~~~~~~~~~\n     | nope\n", 1},
        Case{"MethodOnNull", "$x = $null\n$x.Trim()",
             "InvalidOperation: /home/runner/work/_temp/script.ps1:2\nLine |\n   2 |  $x.Trim()\n     |  ~~~~~~~~~\n     | You cannot call a method on a null-valued expression.\n", 1},
        Case{"ParseErrorRunsNothing", "'first'\nif ($x {",
             "ParserError: /home/runner/work/_temp/script.ps1:2\nLine |\n   2 |  if ($x {\n     |         ~\n     | Missing closing ')' after expression in 'if' statement.\n", 1},
        Case{"UnterminatedString", "'ok'\n\"abc",
             "ParserError: /home/runner/work/_temp/script.ps1:2\nLine |\n   2 |  \"abc\n     |  ~~~~\n     | The string is missing the terminator: \".\n", 1},
        Case{"ConversionError", "1 + 'abc'",
             "InvalidArgument: /home/runner/work/_temp/script.ps1:1\nLine |\n   1 |  1 + 'abc'\n     |  ~~~~~~~~~\n     | Cannot convert value \"abc\" to type \"System.Int32\". Error: \"The input string 'abc' was not in a correct format.\"\n", 1},
        Case{"DivideByZero", "$z = 0\n1 / $z", "RuntimeException: /home/runner/work/_temp/script.ps1:2\nLine |\n   2 |  1 / $z\n     |  ~~~~~~\n     | Attempted to divide by zero.\n", 1},
        Case{"SmartQuotes", "\xE2\x80\x9Cx=1\xE2\x80\x9D >> $env:GITHUB_OUTPUT", "", 0, "x=1\n"},
        Case{"LineContinuation", "Write-Output `\n  'joined'", "joined\n"},
        Case{"StringMethods", "'  pad '.Trim()\n'a,b'.Split(',')[1]\n'Hello'.Substring(1, 3)\n'abc'.Replace('b', 'X')\n'x'.PadLeft(3, '0')",
             "pad\nb\nell\naXc\n00x\n"},
        Case{"Casts", "[int]'42' + 1\n[int]2.5\n[int]3.5\n[string]12 + 3\n[bool]'false'", "43\n2\n4\n123\nTrue\n"},
        Case{"SwitchStatement", "switch ('b') { 'a' { 'A' } 'b' { 'B' } default { 'D' } }", "B\n"},
        Case{"DoubleFormatting", "0.1 + 0.2\n1e16\n1/3", "0.30000000000000004\n1E+16\n0.3333333333333333\n"},
        Case{"ArrayIndexing", "$a = 'x','y','z'\n$a[0]\n$a[-1]\n$a.Count\n$a[1..2] -join ''", "x\nz\n3\nyz\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Pwsh, UnknownCommandsSucceedWithNotice) {
  auto result = run("git rev-parse HEAD\n\"sha=$(git rev-parse HEAD)\" >> $env:GITHUB_OUTPUT\nnpm ci");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "");
  EXPECT_EQ(result.files.at(kOutput), "sha=\n");
  ASSERT_EQ(result.notices.size(), 3u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::UnsimulatedCommand);
  EXPECT_EQ(result.notices[0].command, "git");
  EXPECT_EQ(result.notices[0].line, 1);
  EXPECT_EQ(result.notices[0].column, 1);
  EXPECT_EQ(result.notices[0].message, "`git` is not simulated: ghaplay assumes it succeeds and prints nothing.");
  EXPECT_FALSE(result.notices[0].feeds_output);
  EXPECT_EQ(result.notices[1].line, 2);
  EXPECT_EQ(result.notices[1].column, 8);
  EXPECT_TRUE(result.notices[1].feeds_output);
  EXPECT_EQ(result.notices[2].command, "npm");
}

TEST(Pwsh, EnvChangesStayInsideTheScript) {
  auto result = run("$env:GITHUB_OUTPUT = '/elsewhere'\n'a=1' >> $env:GITHUB_OUTPUT");
  EXPECT_EQ(result.files.at("/elsewhere"), "a=1\n");
  EXPECT_EQ(result.files.at(kOutput), "");
}

TEST(Pwsh, BudgetStopsEndlessLoops) {
  auto result = run("'start'\nwhile ($true) { $i++ }", 1000);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.log, "start\n");
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::BudgetExhausted);
  EXPECT_EQ(result.notices[0].line, 2);
}

TEST(Pwsh, RecursionIsBounded) {
  auto result = run("function f($n) { f ($n + 1) }\nf 0");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.log.find("The script failed due to call depth overflow."), std::string::npos) << result.log;
}

TEST(Pwsh, HostileInputNeverCrashes) {
  const std::vector<std::string> scripts = {
      std::string(5000, '('),
      std::string(5000, '{'),
      "$x = " + std::string(3000, '-') + "1",
      "\"" + std::string(1000, '$') + "(",
      "@\"\nunterminated",
      "'a' * 100000000",
      "$s = 'x'; while ($true) { $s += $s }",
      "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' -match '(a*)*b'",
      "'x' -match '(((('",
      "1..100000000",
      "function a { a }; a",
      "$a = @(); foreach ($i in 1..2000) { $a += $i }; $a.Count",
      "\x01\x02\xff\xfe",
      "<# never closed",
      "& { & { & { 'deep' } } }",
      "[",
      "$h = @{ a = 1; a = 2 }",
      "exit 'x'",
      "throw",
  };
  for (const auto& s : scripts) {
    SCOPED_TRACE(s.substr(0, 60));
    auto result = run(s, 20000);
    EXPECT_GE(result.exit_code, 0);
    EXPECT_LE(result.exit_code, 255);
  }
  EXPECT_EQ(run(std::string(5000, '(')).exit_code, 1);
  // Catastrophic backtracking ends with ghaplay's step limit, not a hang.
  EXPECT_NE(run("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' -match '(a*)*b'").log.find("The regular expression needs more steps than ghaplay allows"),
            std::string::npos);
  EXPECT_EQ(run("$a = @(); foreach ($i in 1..2000) { $a += $i }; $a.Count").log, "2000\n");
  EXPECT_EQ(run("& { & { & { 'deep' } } }").log, "deep\n");
}

TEST(Pwsh, JsonDepthTruncationWarns) {
  auto result = run("@{ a = @{ b = @{ c = @{ d = 1 } } } } | ConvertTo-Json -Compress");
  EXPECT_EQ(result.log,
            "WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of 2.\n"
            "{\"a\":{\"b\":{\"c\":\"System.Collections.Hashtable\"}}}\n");
}

}  // namespace
}  // namespace ghaplay::scripts
