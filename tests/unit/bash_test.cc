// The bash subset of `run:` steps: one row per script with its exact log (stdout and stderr as
// the step's log shows them), exit code and the files it leaves; then notices, budgets and
// hostile input. Expected logs were checked against GNU bash 5.2 run as `bash -e script`.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "scripts/script.h"

namespace ghaplay::scripts {
namespace {

const char* const kOutput = "/home/runner/work/_temp/_runner_file_commands/set_output_1";
const char* const kEnv = "/home/runner/work/_temp/_runner_file_commands/set_env_1";
const char* const kSummary = "/home/runner/work/_temp/_runner_file_commands/step_summary_1";
const char* const kPath = "/home/runner/work/_temp/_runner_file_commands/add_path_1";
// bash names the script file in its messages; the runner writes it here.
const std::string kScript = "/home/runner/work/_temp/step.sh";

ScriptInput make_input(const std::string& source, std::map<std::string, std::string> env = {},
                       std::map<std::string, std::string> files = {}, std::size_t budget = 100000) {
  ScriptInput input;
  input.source = source;
  input.env = {{"GITHUB_OUTPUT", kOutput},
               {"GITHUB_ENV", kEnv},
               {"GITHUB_STEP_SUMMARY", kSummary},
               {"GITHUB_PATH", kPath},
               {"HOME", "/home/runner"},
               {"RUNNER_TEMP", "/home/runner/work/_temp"},
               {"GITHUB_REF", "refs/tags/v1.2.3"},
               {"NAME", "octocat"}};
  for (auto& [k, v] : env) input.env[k] = v;
  input.files = {{kOutput, ""}, {kEnv, ""}, {kSummary, ""}};
  for (auto& [k, v] : files) input.files[k] = v;
  input.step_budget = budget;
  return input;
}

struct Case {
  const char* name;
  std::string source;
  std::string log;
  int exit_code = 0;
  std::string output = "";                          // $GITHUB_OUTPUT afterwards
  std::map<std::string, std::string> files_out = {};  // other files that must exist, with content
  std::map<std::string, std::string> files_in = {};
  std::map<std::string, std::string> env = {};
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

class Bash : public ::testing::TestWithParam<Case> {};

TEST_P(Bash, Runs) {
  const Case& c = GetParam();
  ScriptResult result = run_bash(make_input(c.source, c.env, c.files_in));
  EXPECT_EQ(result.log, c.log);
  EXPECT_EQ(result.exit_code, c.exit_code);
  ASSERT_TRUE(result.files.count(kOutput));
  EXPECT_EQ(result.files.at(kOutput), c.output);
  for (const auto& [path, content] : c.files_out) {
    auto it = result.files.find(path);
    ASSERT_NE(it, result.files.end()) << "missing file " << path;
    EXPECT_EQ(it->second, content) << "file " << path;
  }
  for (const auto& [path, content] : c.files_in) {
    EXPECT_TRUE(result.files.count(path) || c.files_out.count(path) == 0) << "input file dropped: " << path;
  }
}

std::string name_of(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

// ---------------------------------------------------------------------------------------------
// GitHub's documentation, verbatim (the ${{ }} already substituted).
INSTANTIATE_TEST_SUITE_P(
    Docs, Bash,
    ::testing::Values(
        Case{"DocsQuotedOutput", "echo \"test=hello\" >> \"$GITHUB_OUTPUT\"\n", "", 0, "test=hello\n"},
        Case{"DocsUnquotedOutput", "echo \"test=world\" >> $GITHUB_OUTPUT\n", "", 0, "test=world\n"},
        Case{"DocsBracedOutput", "echo \"output1=hello\" >> ${GITHUB_OUTPUT}\n", "", 0, "output1=hello\n"},
        Case{"DocsEnvFile", "echo \"action_state=yellow\" >> \"$GITHUB_ENV\"\n", "", 0, "",
             {{kEnv, "action_state=yellow\n"}}},
        Case{"DocsStepSummary", "echo \"### Hello world! :rocket:\" >> $GITHUB_STEP_SUMMARY\n", "", 0, "",
             {{kSummary, "### Hello world! :rocket:\n"}}},
        Case{"DocsGroupedMultiline",
             "{\n  echo 'JSON_RESPONSE<<EOF'\n  curl https://example.com\n  echo EOF\n} >> \"$GITHUB_OUTPUT\"\n", "", 0,
             "JSON_RESPONSE<<EOF\nEOF\n"},
        Case{"DocsHeredocOutput", "VERSION=1.2.3\ncat >> $GITHUB_OUTPUT <<EOF\nversion=$VERSION\nEOF\n", "", 0,
             "version=1.2.3\n"},
        Case{"DocsSelectedColor", "echo \"SELECTED_COLOR=green\" >> \"$GITHUB_OUTPUT\"\n", "", 0,
             "SELECTED_COLOR=green\n"},
        Case{"DocsTwoOutputs", "echo \"test=hello\" >> \"$GITHUB_OUTPUT\"\necho \"test2=world\" >> \"$GITHUB_OUTPUT\"\n", "",
             0, "test=hello\ntest2=world\n"},
        Case{"DocsReadOutputsBack", "echo hello world\n", "hello world\n"},
        Case{"DocsTagFromRef", "echo \"tag=${GITHUB_REF#refs/tags/}\" >> \"$GITHUB_OUTPUT\"\n", "", 0, "tag=v1.2.3\n"},
        Case{"DocsSetOutputDeprecated", "echo \"::set-output name=x::1\"\n", "::set-output name=x::1\n"},
        Case{"DocsMaskAndPath", "echo \"::add-mask::secret\"\necho \"$HOME/.local/bin\" >> $GITHUB_PATH\n",
             "::add-mask::secret\n", 0, "", {{kPath, "/home/runner/.local/bin\n"}}}),
    name_of);

// Literal text next to every kind of word part, in each of the lexer's modes: scan_parts() takes a
// run of plain characters at once (Lexer::is_plain), which must lex exactly as one at a time did.
// Expected: GNU bash 5.2, `bash -e`.
INSTANTIATE_TEST_SUITE_P(
    LiteralRuns, Bash,
    ::testing::Values(Case{"PlainRunsBesideExpansions",
                           "x=abc/def:ghi\ny=ab\necho \"a b/c:d ${x:-p/q:r} \\$y-z.w,v+u@t%s=r `echo q`\"\necho a/b:c~d \"${x/c\\/d/C}\" \"${x:1:2}\" ${y:-p/q:r} $(( 1 + (2) )) k=v,w\ncat <<-END\n\ttab-stripped: $y/b:c \"q\" 'r'\n\t  kept\tinner-tab ${x%%/*}\nEND\n[[ a.b-c =~ ^a\\.b-c$ ]] && echo \"regex ok\"\necho ${x//[\\/:]/_} ${x#*/} \"${y}\"s\n",
                           "a b/c:d abc/def:ghi $y-z.w,v+u@t%s=r q\na/b:c~d abCef:ghi bc ab 3 k=v,w\ntab-stripped: ab/b:c \"q\" 'r'\n  kept\tinner-tab abc\nregex ok\nabc_def_ghi def:ghi abs\n"}),
    name_of);

// Tilde prefixes: of users, and in assignment-shaped words right after the first `=` and after
// each `:` of the value, for assignments and (outside POSIX mode, as the runner's bash is) for
// arguments.
// Expected: GNU bash 5.2, `bash -e`.
INSTANTIATE_TEST_SUITE_P(
    AssignmentTilde, Bash,
    ::testing::Values(
        // On the runner the shell's user is `runner`, whose home is also HOME's default; a prefix
        // naming no user, or ~- without OLDPWD, stays as written (as GNU bash 5.2 leaves it).
        Case{"TildePrefixesOfUsers",
             "echo ~ ~root ~runner ~nobody-x/z ~-\nOLDPWD=/o\necho ~-\nunset HOME\necho ~ ~/x\n",
             "/home/runner /root /home/runner ~nobody-x/z ~-\n/o\n/home/runner /home/runner/x\n"},
        Case{"TildeAfterEqualsAndColons",
             "X=~/bin\nP=/a:~/b:~\nQ=a=~/c\nR=\"~/q\"\necho \"$X $P $Q $R\"\nexport E=~/e F+=:~/f\necho \"$E $F\" x=~/y ~ ./~ y=a:~\n",
             "/home/runner/bin /a:/home/runner/b:/home/runner a=~/c ~/q\n/home/runner/e :/home/runner/f x=/home/runner/y /home/runner ./~ y=a:/home/runner\n"}),
    name_of);

// ---------------------------------------------------------------------------------------------
// Feature rows. Each log, exit code and $GITHUB_OUTPUT is what GNU bash 5.2 printed for the same
// script run as `bash -e` in the same environment.
// BEGIN GENERATED
INSTANTIATE_TEST_SUITE_P(
    Quoting, Bash,
    ::testing::Values(
        Case{"SingleQuotesKeepEverything",
             R"sh(echo 'a $HOME \n "q"'
)sh",
             R"sh(a $HOME \n "q"
)sh", 0, ""},
        Case{"DoubleQuoteEscapes",
             R"sh(echo "q=\" bs=\\ dollar=\$HOME tick=\` other=\n"
)sh",
             R"sh(q=" bs=\ dollar=$HOME tick=` other=\n
)sh", 0, ""},
        Case{"BackslashOutsideQuotes",
             R"sh(echo \$HOME a\ b \\ \"
)sh",
             R"sh($HOME a b \ "
)sh", 0, ""},
        Case{"AnsiCQuoting",
             R"sh(printf '%s\n' $'tab[\t] nl[\n] q[\'] hex[\x41] oct[\101]'
)sh",
             R"sh(tab[	] nl[
] q['] hex[A] oct[A]
)sh", 0, ""},
        Case{"AdjacentQuotesJoin",
             R"sh(echo 'a'"b"c$'d'
)sh",
             R"sh(abcd
)sh", 0, ""},
        Case{"EmptyArgumentsKept",
             R"sh(printf '[%s]' '' "" a; echo
)sh",
             R"sh([][][a]
)sh", 0, ""},
        Case{"QuotedSpacesKept",
             R"sh(x="a   b"; echo $x; echo "$x"
)sh",
             R"sh(a b
a   b
)sh", 0, ""},
        Case{"ApostropheIdioms",
             R"sh(echo "it's" 'it'\''s' $'it\'s'
)sh",
             R"sh(it's it's it's
)sh", 0, ""},
        Case{"HashInsideWords",
             R"sh(echo a#b '#c' # a comment
)sh",
             R"sh(a#b #c
)sh", 0, ""},
        Case{"LineContinuation",
             R"sh(echo one \
  two \
  three
)sh",
             R"sh(one two three
)sh", 0, ""},
        Case{"DollarAlone",
             R"sh(echo $ "$" a$ "a$"
)sh",
             R"sh($ $ a$ a$
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Parameters, Bash,
    ::testing::Values(
        Case{"PlainAndBraced",
             R"sh(x=1; y=two; echo $x ${y} "${x}${y}" $xy. ${x}y
)sh",
             R"sh(1 two 1two . 1y
)sh", 0, ""},
        Case{"DefaultValues",
             R"sh(echo ${unset:-default} "${unset-dash}"; e=""; echo "[${e:-colon}] [${e-nocolon}]"
)sh",
             R"sh(default dash
[colon] []
)sh", 0, ""},
        Case{"AssignDefault",
             R"sh(echo ${v:=assigned}; echo $v
)sh",
             R"sh(assigned
assigned
)sh", 0, ""},
        Case{"AlternativeValue",
             R"sh(x=1; echo "[${x:+alt}] [${nope:+alt}]"
)sh",
             R"sh([alt] []
)sh", 0, ""},
        Case{"Length",
             R"sh(x=hello; echo ${#x}; e=; echo ${#e}
)sh",
             R"sh(5
0
)sh", 0, ""},
        Case{"RemoveSuffixPrefix",
             R"sh(p=path/to/file.tar.gz; echo ${p%.gz} ${p%.*} ${p%%.*} ${p#*/} ${p##*/}
)sh",
             R"sh(path/to/file.tar path/to/file.tar path/to/file to/file.tar.gz file.tar.gz
)sh", 0, ""},
        Case{"RefTrimming",
             R"sh(echo ${GITHUB_REF#refs/tags/} ${GITHUB_REF##*/} ${GITHUB_REF%/*}
)sh",
             R"sh(v1.2.3 v1.2.3 refs/tags
)sh", 0, ""},
        Case{"Replace",
             R"sh(s=a-b-c; echo ${s/-/_} ${s//-/_} ${s/#a/A} ${s/%c/C} ${s//[ab]/X}
)sh",
             R"sh(a_b-c a_b_c A-b-c a-b-C X-X-c
)sh", 0, ""},
        Case{"Substring",
             R"sh(s=abcdef; echo ${s:2} ${s:1:3} ${s: -2} ${s:1:-1}
)sh",
             R"sh(cdef bcd ef bcde
)sh", 0, ""},
        Case{"CaseConversion",
             R"sh(s=Hello; echo ${s^^} ${s,,} ${s^} ${s,}
)sh",
             R"sh(HELLO hello Hello hello
)sh", 0, ""},
        Case{"Indirect",
             R"sh(a=b; b=target; echo ${!a}
)sh",
             R"sh(target
)sh", 0, ""},
        Case{"DefaultWithQuotesUnquoted",
             R"sh(echo ${nope:-"a  b"} "${nope:-c  d}"
)sh",
             R"sh(a  b c  d
)sh", 0, ""},
        Case{"ErrorIfUnset",
             R"sh(echo start
echo ${missing:?is required}
echo never
)sh",
             R"sh(start
/home/runner/work/_temp/step.sh: line 2: missing: is required
)sh", 1, ""},
        Case{"ErrorDefaultMessage",
             R"sh(x=
echo ${x:?}
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 2: x: parameter null or not set
)sh", 1, ""},
        Case{"SpecialParams",
             R"sh(echo $# $0 "$?"; false || echo "status $?"
)sh",
             R"sh(0 /home/runner/work/_temp/step.sh 0
status 1
)sh", 0, ""},
        Case{"PositionalParams",
             R"sh(set -- a "b c" d; echo $# $1 "$2" ${3}; echo "$@"; echo "$*"; shift; echo $1
)sh",
             R"sh(3 a b c d
a b c d
a b c d
b c
)sh", 0, ""},
        Case{"QuotedAtKeepsWords",
             R"sh(set -- "a b" c; for w in "$@"; do echo "[$w]"; done; for w in $@; do echo "<$w>"; done
)sh",
             R"sh([a b]
[c]
<a>
<b>
<c>
)sh", 0, ""},
        Case{"StarJoinsWithIfs",
             R"sh(set -- a b c; IFS=,; echo "$*"
)sh",
             R"sh(a,b,c
)sh", 0, ""},
        Case{"FieldSplittingOnIfs",
             R"sh(IFS=,; x="a,b,,c"; for i in $x; do echo "[$i]"; done
)sh",
             R"sh([a]
[b]
[]
[c]
)sh", 0, ""},
        Case{"EmptyExpansionVanishes",
             R"sh(e=; printf "[%s]" $e "$e" x; echo
)sh",
             R"sh([][x]
)sh", 0, ""},
        Case{"TildeExpansion",
             R"sh(echo ~ ~/bin "~"
)sh",
             R"sh(/home/runner /home/runner/bin ~
)sh", 0, ""},
        Case{"LinenoAndFuncname",
             R"sh(f() { echo "$FUNCNAME at $LINENO"; }
f
echo $LINENO
)sh",
             R"sh(f at 1
3
)sh", 0, ""},
        Case{"BashVersionSet",
             R"sh(test -n "$BASH_VERSION" && echo yes
)sh",
             R"sh(yes
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Assignments, Bash,
    ::testing::Values(
        Case{"SimpleAssignment",
             R"sh(x=1
y=$x$x
echo $y
)sh",
             R"sh(11
)sh", 0, ""},
        Case{"AssignmentNoSplitting",
             R"sh(x="a b"; y=$x; echo "$y"
)sh",
             R"sh(a b
)sh", 0, ""},
        Case{"AppendAssignment",
             R"sh(s=a; s+=b; s+="c d"; echo "$s"
)sh",
             R"sh(abc d
)sh", 0, ""},
        Case{"ExportVisibleToEnv",
             R"sh(export FOO=bar; env | grep ^FOO=
)sh",
             R"sh(FOO=bar
)sh", 0, ""},
        Case{"ExportExisting",
             R"sh(BAR=1; export BAR; printenv BAR
)sh",
             R"sh(1
)sh", 0, ""},
        Case{"PrefixAssignmentIsTemporary",
             R"sh(X=outer; X=inner printenv X; echo $X
)sh",
             R"sh(inner
outer
)sh", 0, ""},
        Case{"PrefixIfsForRead",
             R"sh(IFS=: read -r a b <<< "x:y"; echo "$a $b"; [ "$IFS" = $' \t\n' ] && echo default-ifs
)sh",
             R"sh(x y
default-ifs
)sh", 0, ""},
        Case{"LocalScoping",
             R"sh(x=global; f() { local x=local; echo $x; }; f; echo $x
)sh",
             R"sh(local
global
)sh", 0, ""},
        Case{"LocalWithoutValue",
             R"sh(x=global; f() { local x; echo "[${x-unset}]"; x=set; }; f; echo $x
)sh",
             R"sh([unset]
global
)sh", 0, ""},
        Case{"FunctionChangesGlobal",
             R"sh(x=1; f() { x=2; }; f; echo $x
)sh",
             R"sh(2
)sh", 0, ""},
        Case{"ReadonlyRefusesAssignment",
             R"sh(readonly R=1
R=2
echo "still $R"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 2: R: readonly variable
)sh", 1, ""},
        Case{"UnsetVariable",
             R"sh(x=1; unset x; echo "[${x-unset}]"
)sh",
             R"sh([unset]
)sh", 0, ""},
        Case{"UnsetFunction",
             R"sh(f() { echo f; }; declare -F f >/dev/null && echo defined; unset -f f; declare -F f || echo gone
)sh",
             R"sh(defined
gone
)sh", 0, ""},
        Case{"DeclareInteger",
             R"sh(declare -i n=5; n+=3; n=n*2; echo $n
)sh",
             R"sh(16
)sh", 0, ""},
        Case{"Arrays",
             R"sh(a=(x "y z" w); echo ${#a[@]} ${a[1]} ${a[-1]}; a+=(v); echo "${a[@]}"; echo ${!a[@]}
)sh",
             R"sh(3 y z w
x y z w v
0 1 2 3
)sh", 0, ""},
        Case{"ArrayElementAssign",
             R"sh(a[2]=two; a[0]=zero; echo ${#a[@]} "${a[@]}"; unset "a[0]"; echo "${a[@]}"
)sh",
             R"sh(2 zero two
two
)sh", 0, ""},
        Case{"AssociativeArrays",
             R"sh(declare -A m; m[k1]=v1; m[k2]=v2; echo ${m[k1]} ${m[k2]} ${#m[@]}
)sh",
             R"sh(v1 v2 2
)sh", 0, ""},
        Case{"ArrayFromSplit",
             R"sh(s="a b c"; arr=($s); echo ${#arr[@]} ${arr[2]}
)sh",
             R"sh(3 c
)sh", 0, ""},
        Case{"ArraySlices",
             R"sh(a=(1 2 3 4); echo "${a[@]:1:2}" "${a[@]:2}"
)sh",
             R"sh(2 3 3 4
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Substitution, Bash,
    ::testing::Values(
        Case{"CommandSubstitution",
             R"sh(x=$(echo hi); echo "[$x]"
)sh",
             R"sh([hi]
)sh", 0, ""},
        Case{"Backticks",
             R"sh(x=`echo there`; echo "[$x]"
)sh",
             R"sh([there]
)sh", 0, ""},
        Case{"NestedSubstitution",
             R"sh(echo "$(echo "in $(echo deep)")"
)sh",
             R"sh(in deep
)sh", 0, ""},
        Case{"TrailingNewlinesStripped",
             R"sh(x=$(printf 'a\n\n\n'); echo "[$x]"
)sh",
             R"sh([a]
)sh", 0, ""},
        Case{"SubstitutionIsSplitUnquoted",
             R"sh(for w in $(echo "a b"); do echo "[$w]"; done
)sh",
             R"sh([a]
[b]
)sh", 0, ""},
        Case{"SubstitutionVariablesDoNotLeak",
             R"sh(x=1; y=$(x=2; echo $x); echo $x $y
)sh",
             R"sh(1 2
)sh", 0, ""},
        Case{"AssignmentTakesSubstitutionStatus",
             R"sh(x=$(false) || echo "failed $?"
)sh",
             R"sh(failed 1
)sh", 0, ""},
        Case{"SubstitutionStderrGoesToLog",
             R"sh(x=$(echo err >&2; echo out); echo "[$x]"
)sh",
             R"sh(err
[out]
)sh", 0, ""},
        Case{"SubstitutionWithHeredoc",
             R"sh(v=$(cat <<'EOF'
multi
line
EOF
)
echo "$v"
)sh",
             R"sh(multi
line
)sh", 0, ""},
        Case{"ArithmeticInSubstitution",
             R"sh(echo "$(( $(echo 3) + 4 ))"
)sh",
             R"sh(7
)sh", 0, ""},
        Case{"BackticksEscapes",
             R"sh(echo `echo \`echo inner\``
)sh",
             R"sh(inner
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, Bash,
    ::testing::Values(
        Case{"Operators",
             R"sh(echo $((1+2*3)) $((10/3)) $((10%3)) $((2**10)) $((-7/2)) $(( (1+2)*3 ))
)sh",
             R"sh(7 3 1 1024 -3 9
)sh", 0, ""},
        Case{"Comparisons",
             R"sh(echo $((1<2)) $((2<=1)) $((3==3)) $((3!=3)) $((1&&0)) $((1||0)) $((!5))
)sh",
             R"sh(1 0 1 0 0 1 0
)sh", 0, ""},
        Case{"Bitwise",
             R"sh(echo $((7&3)) $((7|8)) $((7^2)) $((1<<4)) $((256>>2)) $((~0))
)sh",
             R"sh(3 15 5 16 64 -1
)sh", 0, ""},
        Case{"Variables",
             R"sh(x=5; y=$((x*2+1)); echo $y $((y%4)) $((x+undefined))
)sh",
             R"sh(11 3 5
)sh", 0, ""},
        Case{"Assignments",
             R"sh(x=10; ((x-=3)); ((x*=2)); echo $x $((x++)) $x $((++x)) $((x+=5))
)sh",
             R"sh(14 14 15 16 21
)sh", 0, ""},
        Case{"Ternary",
             R"sh(x=4; echo $((x>3 ? 10 : 20)) $((x>5 ? 10 : 20))
)sh",
             R"sh(10 20
)sh", 0, ""},
        Case{"Bases",
             R"sh(echo $((0x1F)) $((010)) $((2#101)) $((16#ff))
)sh",
             R"sh(31 8 5 255
)sh", 0, ""},
        Case{"ArithCommandStatus",
             R"sh((( 0 )) || echo zero; (( 5 )) && echo five
)sh",
             R"sh(zero
five
)sh", 0, ""},
        Case{"Let",
             R"sh(let a=2+3 b=a*2; echo $a $b
)sh",
             R"sh(5 10
)sh", 0, ""},
        Case{"DivisionByZeroSkipsCommand",
             R"sh(echo $((1/0))
echo "after $?"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: 1/0: division by 0 (error token is "0")
after 1
)sh", 0, ""},
        Case{"VariableHoldingExpression",
             R"sh(e="2+3"; echo $((e*2))
)sh",
             R"sh(10
)sh", 0, ""},
        Case{"Overflow",
             R"sh(echo $((9223372036854775807 + 1))
)sh",
             R"sh(-9223372036854775808
)sh", 0, ""},
        Case{"OldBracketSyntax",
             R"sh(x=4; echo $[1+2] $[ (2+x)*2 ] "$[x*x]"
)sh",
             R"sh(3 12 16
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    EchoPrintf, Bash,
    ::testing::Values(
        Case{"EchoFlags",
             R"sh(echo -n a; echo -e "b\tc"; echo -ne "d\n"; echo -E "e\tf"; echo -en "x\cy"; echo
)sh",
             R"sh(ab	c
d
e\tf
x
)sh", 0, ""},
        Case{"EchoCombinedAndFakeFlags",
             R"sh(echo -en "a\n"; echo -x; echo -- -n; echo -n
)sh",
             R"sh(a
-x
-- -n
)sh", 0, ""},
        Case{"EchoEscapes",
             R"sh(echo -e 'a\\b \x41 \0101 \t|'
)sh",
             R"sh(a\b A A 	|
)sh", 0, ""},
        Case{"PrintfBasics",
             R"sh(printf '%s-%d|%5s|%-5s|%05d\n' a 3 b c 42
)sh",
             R"sh(a-3|    b|c    |00042
)sh", 0, ""},
        Case{"PrintfReusesFormat",
             R"sh(printf '%s=%s\n' a 1 b 2 c
)sh",
             R"sh(a=1
b=2
c=
)sh", 0, ""},
        Case{"PrintfNumbers",
             R"sh(printf '%x %X %o %u %i %.2f %e %c\n' 255 255 8 3 -4 3.14159 1234.5 word
)sh",
             R"sh(ff FF 10 3 -4 3.14 1.234500e+03 w
)sh", 0, ""},
        Case{"PrintfQuoting",
             R"sh(printf '%q\n' 'a b' "it's" '' 'x=1' 'a,b' $'l1\nl2'
)sh",
             R"sh(a\ b
it\'s
''
x=1
a\,b
$'l1\nl2'
)sh", 0, ""},
        Case{"PrintfPercentB",
             R"sh(printf '%b|%s\n' 'a\tb' 'a\tb'
)sh",
             R"sh(a	b|a\tb
)sh", 0, ""},
        Case{"PrintfCharCode",
             R"sh(printf '%d %d\n' "'A" 0x10
)sh",
             R"sh(65 16
)sh", 0, ""},
        Case{"PrintfNoArgsForFormat",
             R"sh(printf '%s|%d|\n'
)sh",
             R"sh(|0|
)sh", 0, ""},
        Case{"PrintfToVariable",
             R"sh(printf -v out '%03d' 7; echo $out
)sh",
             R"sh(007
)sh", 0, ""},
        Case{"PrintfInvalidNumber",
             R"sh(printf '%d\n' abc
echo never
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: printf: abc: invalid number
0
)sh", 1, ""},
        Case{"PrintfStarWidth",
             R"sh(printf '[%*s]\n' 5 x
)sh",
             R"sh([    x]
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    ControlFlow, Bash,
    ::testing::Values(
        Case{"Sequence",
             R"sh(echo a; echo b
echo c
)sh",
             R"sh(a
b
c
)sh", 0, ""},
        Case{"AndOr",
             R"sh(true && echo yes; false || echo no; false && echo never; true || echo never; echo end
)sh",
             R"sh(yes
no
end
)sh", 0, ""},
        Case{"Negation",
             R"sh(! false && echo negated; ! true; echo "status $?"
)sh",
             R"sh(negated
status 1
)sh", 0, ""},
        Case{"IfElifElse",
             R"sh(x=2
if [ $x = 1 ]; then echo one
elif [ $x = 2 ]; then echo two
else echo other
fi
)sh",
             R"sh(two
)sh", 0, ""},
        Case{"IfMultiline",
             R"sh(if true
then
  echo then-on-next-line
fi
)sh",
             R"sh(then-on-next-line
)sh", 0, ""},
        Case{"ForIn",
             R"sh(for x in a "b c" d; do echo "[$x]"; done
)sh",
             R"sh([a]
[b c]
[d]
)sh", 0, ""},
        Case{"ForNewlines",
             R"sh(for x in 1 2
do
  echo $x
done
)sh",
             R"sh(1
2
)sh", 0, ""},
        Case{"ForArithmetic",
             R"sh(for ((i=0; i<3; i++)); do echo i$i; done
)sh",
             R"sh(i0
i1
i2
)sh", 0, ""},
        Case{"While",
             R"sh(i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done
)sh",
             R"sh(1
2
3
)sh", 0, ""},
        Case{"Until",
             R"sh(i=3; until [ $i -eq 0 ]; do echo $i; i=$((i-1)); done
)sh",
             R"sh(3
2
1
)sh", 0, ""},
        Case{"BreakContinue",
             R"sh(for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done
)sh",
             R"sh(1
3
)sh", 0, ""},
        Case{"BreakContinueLevels",
             R"sh(for i in 1 2; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done; for i in 1 2; do for j in a b; do break 2; done; done; echo out
)sh",
             R"sh(1a
2a
out
)sh", 0, ""},
        Case{"WhileReadHeredoc",
             R"sh(while read -r line; do echo "got $line"; done <<EOF
first
second line
EOF
)sh",
             R"sh(got first
got second line
)sh", 0, ""},
        Case{"CaseStatement",
             R"sh(for f in a.txt b.md c ab; do case "$f" in
  *.txt) echo "$f text";;
  *.md|*.rst) echo "$f doc";;
  a?) echo "$f two";;
  [abc]) echo "$f letter";;
  *) echo "$f other";;
esac; done
)sh",
             R"sh(a.txt text
b.md doc
c letter
ab two
)sh", 0, ""},
        Case{"CaseFallThrough",
             R"sh(case 1 in 1) echo one;& 2) echo two;; 3) echo three;; esac
)sh",
             R"sh(one
two
)sh", 0, ""},
        Case{"CaseNoMatchStatus",
             R"sh(case x in y) echo y;; esac; echo "status $?"
)sh",
             R"sh(status 0
)sh", 0, ""},
        Case{"Functions",
             R"sh(greet() {
  echo "hello $1 ($#)"
  return 3
}
greet world || echo "returned $?"
)sh",
             R"sh(hello world (1)
returned 3
)sh", 0, ""},
        Case{"FunctionKeyword",
             R"sh(function a { echo kw; }
function b() { echo kw2; }
a; b
)sh",
             R"sh(kw
kw2
)sh", 0, ""},
        Case{"FunctionBodyOnNextLine",
             R"sh(f()
{
  echo next-line
}
f
)sh",
             R"sh(next-line
)sh", 0, ""},
        Case{"RecursionWithinLimit",
             R"sh(fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 6
)sh",
             R"sh(720
)sh", 0, ""},
        Case{"Subshell",
             R"sh(x=1; (x=2; echo "inner $x"; cd /tmp); echo "outer $x"; pwd
)sh",
             R"sh(inner 2
outer 1
/home/runner/work/repo/repo
)sh", 0, ""},
        Case{"SubshellExit",
             R"sh((exit 3); echo "status $?"
)sh",
             "", 3, ""},
        Case{"GroupSharesVariables",
             R"sh({ x=1; echo in; }; echo "x=$x"
)sh",
             R"sh(in
x=1
)sh", 0, ""},
        Case{"Comments",
             R"sh(# full line
echo a # trailing
echo "# not" '# not' a#b
)sh",
             R"sh(a
# not # not a#b
)sh", 0, ""},
        Case{"ExitCode",
             R"sh(echo before
exit 3
echo after
)sh",
             R"sh(before
)sh", 3, ""},
        Case{"ExitWithoutArgumentUsesStatus",
             R"sh(set +e
false
exit
)sh",
             "", 1, ""},
        Case{"ReturnOutsideFunction",
             R"sh(return 1
echo after
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: return: can only `return' from a function or sourced script
)sh", 2, ""},
        Case{"EmptyScript",
             "",
             "", 0, ""},
        Case{"OnlyComments",
             R"sh(# nothing

   # here
)sh",
             "", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Errexit, Bash,
    ::testing::Values(
        Case{"FailingCommandStops",
             R"sh(echo one
false
echo two
)sh",
             R"sh(one
)sh", 1, ""},
        Case{"ExitStatusOfFailure",
             R"sh(echo one
[ 1 = 2 ]
echo two
)sh",
             R"sh(one
)sh", 1, ""},
        Case{"ConditionDoesNotStop",
             R"sh(if false; then echo no; fi; while false; do :; done; echo ok
)sh",
             R"sh(ok
)sh", 0, ""},
        Case{"LeftOfAndOrDoesNotStop",
             R"sh(false && echo no; false || echo handled; echo ok
)sh",
             R"sh(handled
ok
)sh", 0, ""},
        Case{"LastOfAndListStops",
             R"sh(true && false
echo never
)sh",
             "", 1, ""},
        Case{"NegationDoesNotStop",
             R"sh(! true
echo ok
)sh",
             R"sh(ok
)sh", 0, ""},
        Case{"PipelineUsesLastStatus",
             R"sh(false | true; echo ok; true | false; echo never
)sh",
             R"sh(ok
)sh", 1, ""},
        Case{"Pipefail",
             R"sh(set -o pipefail
false | true
echo never
)sh",
             "", 1, ""},
        Case{"GroupWithIgnoredFailure",
             R"sh({ false && true; }; echo continued
)sh",
             R"sh(continued
)sh", 0, ""},
        Case{"FunctionReturningFailureStops",
             R"sh(f() { false && true; }
f
echo never
)sh",
             "", 1, ""},
        Case{"FunctionInConditionIgnoresErrexit",
             R"sh(f() { false; echo "still here"; }
if f; then echo ok; fi
)sh",
             R"sh(still here
ok
)sh", 0, ""},
        Case{"SubshellFailureStops",
             R"sh((false; echo inside-never)
echo never
)sh",
             "", 1, ""},
        Case{"CommandSubstitutionClearsErrexit",
             R"sh(x=$(false; echo hi); echo "$x"
)sh",
             R"sh(hi
)sh", 0, ""},
        Case{"AssignmentFromFailingSubstitutionStops",
             R"sh(x=$(false)
echo never
)sh",
             "", 1, ""},
        Case{"LocalMasksFailure",
             R"sh(f() { local x=$(false); echo "local hides it"; }; f
)sh",
             R"sh(local hides it
)sh", 0, ""},
        Case{"SetPlusE",
             R"sh(set +e
false
echo "continued $?"
set -e
false
echo never
)sh",
             R"sh(continued 1
)sh", 1, ""},
        Case{"ExitInFunction",
             R"sh(f() { exit 4; }; f; echo never
)sh",
             "", 4, ""},
        Case{"UnboundVariable",
             R"sh(set -u
echo "${defined:-ok}"
echo $undefined
echo never
)sh",
             R"sh(ok
/home/runner/work/_temp/step.sh: line 3: undefined: unbound variable
)sh", 1, ""},
        Case{"SetEuoPipefail",
             R"sh(set -euo pipefail
echo start
false | cat
echo never
)sh",
             R"sh(start
)sh", 1, ""},
        Case{"ErrexitReturnCode",
             R"sh(echo x
(exit 42)
)sh",
             R"sh(x
)sh", 42, ""},
        Case{"TestCommandFailureStops",
             R"sh(x=1
[ "$x" = "2" ] && echo two
echo reached
[ "$x" = "2" ]
echo never
)sh",
             R"sh(reached
)sh", 1, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Tests, Bash,
    ::testing::Values(
        Case{"StringTests",
             R"sh([ -z "" ] && [ -n "x" ] && [ a = a ] && [ a != b ] && [ a \< b ] && echo strings
)sh",
             R"sh(strings
)sh", 0, ""},
        Case{"IntegerTests",
             R"sh([ 1 -lt 2 ] && [ 2 -le 2 ] && [ 3 -gt 2 ] && [ 3 -ge 3 ] && [ 4 -eq 4 ] && [ 4 -ne 5 ] && echo ints
)sh",
             R"sh(ints
)sh", 0, ""},
        Case{"NotAndOr",
             R"sh([ ! -z x ] && test 1 -eq 1 -a 2 -eq 2 && test 1 -eq 2 -o 2 -eq 2 && echo logic
)sh",
             R"sh(logic
)sh", 0, ""},
        Case{"SingleArgument",
             R"sh([ x ] && echo nonempty; [ "" ] || echo empty
)sh",
             R"sh(nonempty
empty
)sh", 0, ""},
        Case{"IntegerExpected",
             R"sh([ 1 -eq a ] || echo "status $?"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: [: a: integer expression expected
status 2
)sh", 0, ""},
        Case{"MissingBracket",
             R"sh([ 1 = 1 || echo "status $?"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: [: missing `]'
status 2
)sh", 0, ""},
        Case{"FileTests",
             R"sh(echo hi > /tmp/gh_f; [ -f /tmp/gh_f ] && [ -e /tmp/gh_f ] && [ -s /tmp/gh_f ] && [ ! -d /tmp/gh_f ] && [ -d /tmp ] && [ ! -f /tmp/gh_none ] && echo files
)sh",
             R"sh(files
)sh", 0, ""},
        Case{"DoubleBrackets",
             R"sh(x="a b"; [[ $x == "a b" ]] && [[ -n $x && $x != c ]] && [[ ! -z $x ]] && echo ok
)sh",
             R"sh(ok
)sh", 0, ""},
        Case{"DoubleBracketPatterns",
             R"sh(f=app.tar.gz; [[ $f == *.tar.gz ]] && echo glob; [[ $f == "*.tar.gz" ]] || echo quoted-literal; [[ $f = app* ]] && echo prefix
)sh",
             R"sh(glob
quoted-literal
prefix
)sh", 0, ""},
        Case{"DoubleBracketRegex",
             R"sh(v=v1.22.3; [[ $v =~ ^v([0-9]+)\.([0-9]+) ]] && echo "${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"; [[ abc =~ ^(x|a)b ]] && echo alt
)sh",
             R"sh(v1.22 1 22
alt
)sh", 0, ""},
        Case{"DoubleBracketArithmeticCompare",
             R"sh(x=3; [[ $x -gt 2 && $x -lt 5 ]] && echo in; [[ 1+1 -eq 2 ]] && echo arith
)sh",
             R"sh(in
arith
)sh", 0, ""},
        Case{"DoubleBracketGrouping",
             R"sh([[ ( a == a ) && ! ( b == c ) ]] && echo grouped; [[ a < b ]] && echo less
)sh",
             R"sh(grouped
less
)sh", 0, ""},
        Case{"DoubleBracketVarSet",
             R"sh(x=; [[ -v x ]] && echo set; [[ -v nope ]] || echo unset
)sh",
             R"sh(set
unset
)sh", 0, ""},
        Case{"DoubleBracketFailureStops",
             R"sh([[ a == b ]]
echo never
)sh",
             "", 1, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    SetOptions, Bash,
    ::testing::Values(
        Case{"Xtrace",
             R"sh(set -x
x=$(echo "a b")
echo "$x" > /dev/null
f() { echo in; }
f
[[ $x == a* ]]
(( 1 + 1 ))
set +x
echo quiet
)sh",
             R"sh(++ echo 'a b'
+ x='a b'
+ echo 'a b'
+ f
+ echo in
in
+ [[ a b == a* ]]
+ ((  1 + 1  ))
+ set +x
quiet
)sh", 0, ""},
        Case{"XtraceQuoting",
             R"sh(set -x
echo a=b 'a b' "it's" '' 'x$y' '~' '#x' a#b
)sh",
             R"sh(+ echo a=b 'a b' 'it'\''s' '' 'x$y' '~' '#x' a#b
a=b a b it's  x$y ~ #x a#b
)sh", 0, ""},
        Case{"SetPositional",
             R"sh(set -- x y; echo $# $1 $2; set --; echo $#
)sh",
             R"sh(2 x y
0
)sh", 0, ""},
        Case{"SetO",
             R"sh(set -o errexit -o pipefail; set -o | grep -E "^(errexit|pipefail|xtrace)"
)sh",
             R"sh(errexit        	on
pipefail       	on
xtrace         	off
)sh", 0, ""},
        Case{"Shift",
             R"sh(set -- a b c d; shift; echo $1; shift 2; echo $1 $#; shift 5 || echo "too far"
)sh",
             R"sh(b
d 1
too far
)sh", 0, ""},
        Case{"DollarDash",
             R"sh(echo $-; set -u; echo $-
)sh",
             R"sh(ehB
ehuB
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Builtins, Bash,
    ::testing::Values(
        Case{"TrueFalseColon",
             R"sh(true; echo $?; : ignored args; echo $?; false || echo $?
)sh",
             R"sh(0
0
1
)sh", 0, ""},
        Case{"CdPwd",
             R"sh(pwd; cd /tmp; pwd; cd -; cd ..; pwd; cd; pwd
)sh",
             R"sh(/home/runner/work/repo/repo
/tmp
/home/runner/work/repo/repo
/home/runner/work/repo
/home/runner
)sh", 0, ""},
        Case{"PushdPopd",
             R"sh(cd /tmp; pushd /usr >/dev/null; pwd; popd >/dev/null; pwd
)sh",
             R"sh(/usr
/tmp
)sh", 0, ""},
        Case{"MkdirTouchRm",
             R"sh(mkdir -p /tmp/gh_d/sub; touch /tmp/gh_d/sub/f; [ -d /tmp/gh_d/sub ] && [ -f /tmp/gh_d/sub/f ] && echo made; rm -rf /tmp/gh_d; [ -e /tmp/gh_d/sub/f ] || echo removed
)sh",
             R"sh(made
removed
)sh", 0, ""},
        Case{"MkdirExists",
             R"sh(mkdir /tmp/gh_e; mkdir /tmp/gh_e
echo never
)sh",
             R"sh(mkdir: cannot create directory ‘/tmp/gh_e’: File exists
)sh", 1, ""},
        Case{"CatFilesAndHeredoc",
             R"sh(echo one > /tmp/gh_1; echo two > /tmp/gh_2; cat /tmp/gh_1 /tmp/gh_2; cat <<EOF
three
EOF
)sh",
             R"sh(one
two
three
)sh", 0, ""},
        Case{"CatMissingTempFile",
             R"sh(cat /tmp/gh_missing
echo never
)sh",
             R"sh(cat: /tmp/gh_missing: No such file or directory
)sh", 1, ""},
        Case{"Tee",
             R"sh(echo data | tee /tmp/gh_t; echo more | tee -a /tmp/gh_t >/dev/null; cat /tmp/gh_t
)sh",
             R"sh(data
data
more
)sh", 0, ""},
        Case{"TeeToOutput",
             R"sh(echo "k=v" | tee -a "$GITHUB_OUTPUT"
)sh",
             R"sh(k=v
)sh", 0, R"sh(k=v
)sh"},
        Case{"ReadFromHereString",
             R"sh(read -r a b <<< "one two three"; echo "$a|$b"
)sh",
             R"sh(one|two three
)sh", 0, ""},
        Case{"ReadBackslashes",
             R"sh(read x <<< 'a\\b\c'; echo "$x"; read -r y <<< 'a\\b'; echo "$y"
)sh",
             R"sh(a\bc
a\\b
)sh", 0, ""},
        Case{"ReadKeepsLeadingSpaceWithEmptyIfs",
             R"sh(IFS= read -r l <<< "  pad  "; echo "[$l]"; read -r m <<< "  pad  "; echo "[$m]"
)sh",
             R"sh([  pad  ]
[pad]
)sh", 0, ""},
        Case{"ReadEofStatus",
             R"sh(printf "no-newline" | { read -r x; echo "status $? x=$x"; }
)sh",
             "", 1, ""},
        Case{"ReadDelimEmpty",
             R"sh(read -r -d '' text <<'EOF' || true
line 1
line 2
EOF
echo "$text"
)sh",
             R"sh(line 1
line 2
)sh", 0, ""},
        Case{"ReadArray",
             R"sh(read -ra parts <<< "1 2 3"; echo ${#parts[@]} ${parts[1]}
)sh",
             R"sh(3 2
)sh", 0, ""},
        Case{"Mapfile",
             R"sh(mapfile -t lines <<< "l1
l2"; echo ${#lines[@]} ${lines[1]}
)sh",
             R"sh(2 l2
)sh", 0, ""},
        Case{"Getopts",
             R"sh(set -- -a -b val rest; while getopts "ab:" o; do echo "$o ${OPTARG:-}"; done; shift $((OPTIND-1)); echo "$@"
)sh",
             R"sh(a 
b val
rest
)sh", 0, ""},
        Case{"GetoptsBundlesAndReset",
             R"sh(set -- -ab -cval -x; while getopts "abc:" o 2>/dev/null; do echo "$o ${OPTARG:-}"; done; echo "ind=$OPTIND"; OPTIND=1; getopts "abc:" o; echo "again $o"
)sh",
             R"sh(a 
b 
c val
? 
ind=4
again a
)sh", 0, ""},
        Case{"Eval",
             R"sh(cmd="echo evaluated"; eval "$cmd"; eval x=5; echo $x
)sh",
             R"sh(evaluated
5
)sh", 0, ""},
        Case{"Source",
             R"sh(echo 'SOURCED=yes' > /tmp/gh_s.sh; . /tmp/gh_s.sh; echo $SOURCED; source /tmp/gh_s.sh; echo again
)sh",
             R"sh(yes
again
)sh", 0, ""},
        Case{"TrapExit",
             R"sh(trap 'echo "trapped $?"' EXIT
echo body
exit 4
)sh",
             R"sh(body
trapped 4
)sh", 4, ""},
        Case{"TrapExitOnFailure",
             R"sh(trap 'echo cleanup' EXIT
false
echo never
)sh",
             R"sh(cleanup
)sh", 1, ""},
        Case{"TrapWithSyntaxError",
             R"sh(trap 'echo "unclosed' EXIT
echo body
)sh",
             R"sh(body
/home/runner/work/_temp/step.sh: exit trap: line 1: unexpected EOF while looking for matching `"'
)sh", 2, ""},
        Case{"TrapErr",
             R"sh(trap 'echo "error $? at $LINENO"' ERR
false || true
if false; then :; fi
echo ok
false
echo never
)sh",
             R"sh(ok
error 1 at 5
)sh", 1, ""},
        Case{"TrapErrWithoutErrexit",
             R"sh(set +e
trap 'echo failed' ERR
false
echo continues
)sh",
             R"sh(failed
continues
)sh", 0, ""},
        Case{"TypeAndCommand",
             R"sh(f() { :; }; type -t f; type -t echo; command -v printf; command echo via-command
)sh",
             R"sh(function
builtin
printf
via-command
)sh", 0, ""},
        Case{"Which",
             R"sh(command -v bash >/dev/null && echo has-bash
)sh",
             R"sh(has-bash
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    TextTools, Bash,
    ::testing::Values(
        Case{"Tr",
             R"sh(echo 'Hello World' | tr '[:upper:]' '[:lower:]'; echo aabbcc | tr -s a-c; echo a1b2 | tr -d 0-9; echo a-b | tr - _; echo 'a b' | tr ' ' '\n'
)sh",
             R"sh(hello world
abc
ab
a_b
a
b
)sh", 0, ""},
        Case{"HeadTail",
             R"sh(printf '1\n2\n3\n4\n' | head -n 2; printf '1\n2\n3\n4\n' | tail -n 2; printf '1\n2\n3\n' | tail -n +2; printf '1\n2\n3\n' | head -1; echo hello | head -c 3; echo
)sh",
             R"sh(1
2
3
4
2
3
1
hel
)sh", 0, ""},
        Case{"Wc",
             R"sh(printf 'a b\nc\n' | wc -l; printf 'a b\nc\n' | wc -w; echo -n abc | wc -c; printf 'x\n' > /tmp/gh_w; wc -l /tmp/gh_w; wc -l < /tmp/gh_w
)sh",
             R"sh(2
3
3
1 /tmp/gh_w
1
)sh", 0, ""},
        Case{"GrepQuiet",
             R"sh(echo abc | grep -q b && echo found; echo abc | grep -q z || echo absent
)sh",
             R"sh(found
absent
)sh", 0, ""},
        Case{"GrepModes",
             R"sh(printf 'apple\nbanana\ncherry\n' > /tmp/gh_g; grep an /tmp/gh_g; grep -v an /tmp/gh_g; grep -c a /tmp/gh_g; grep -n '^c' /tmp/gh_g; grep -i APPLE /tmp/gh_g; grep -E 'ap+le|rry$' /tmp/gh_g
)sh",
             R"sh(banana
apple
cherry
2
3:cherry
apple
apple
cherry
)sh", 0, ""},
        Case{"GrepOnlyMatching",
             R"sh(echo 'version: 1.2.3 and 4.5' | grep -oE '[0-9]+\.[0-9]+'; echo 'v=10' | grep -o '[0-9]*'
)sh",
             R"sh(1.2
4.5
10
)sh", 0, ""},
        Case{"GrepNoMatchStops",
             R"sh(echo abc | grep z
echo never
)sh",
             "", 1, ""},
        Case{"GrepFixedAndWord",
             R"sh(printf 'a.b\naxb\nfoo bar\nfoobar\n' | grep -F a.b; printf 'foo bar\nfoobar\n' | grep -w foo; printf 'ab\nabc\n' | grep -x ab
)sh",
             R"sh(a.b
foo bar
ab
)sh", 0, ""},
        Case{"SedSubstitutions",
             R"sh(echo hello | sed 's/l/L/'; echo hello | sed 's/l/L/g'; echo v1.2.3 | sed 's/^v//'; echo a/b/c | sed 's|/|-|g'; echo abc | sed 's/b/[&]/'
)sh",
             R"sh(heLlo
heLLo
1.2.3
a-b-c
a[b]c
)sh", 0, ""},
        Case{"SedGroupsAndExtended",
             R"sh(echo 'hello world' | sed -E 's/([a-z]+) ([a-z]+)/\2 \1/'; echo 'key=value' | sed 's/\(.*\)=\(.*\)/\2=\1/'; echo abc | sed -e 's/a/x/' -e 's/c/z/'
)sh",
             R"sh(world hello
value=key
xbz
)sh", 0, ""},
        Case{"SedAddresses",
             R"sh(printf 'a\nb\nc\n' | sed -n '2p'; printf 'a\nb\nc\n' | sed '1d'; printf 'a\nb\nc\n' | sed '$d'; printf 'x1\ny2\n' | sed '/y/s/[0-9]/N/'; printf 'a\nb\nc\nd\n' | sed -n '2,3p'
)sh",
             R"sh(b
b
c
a
b
x1
yN
b
c
)sh", 0, ""},
        Case{"SedInPlace",
             R"sh(printf 'name=old\n' > /tmp/gh_cfg; sed -i 's/old/new/' /tmp/gh_cfg; cat /tmp/gh_cfg
)sh",
             R"sh(name=new
)sh", 0, ""},
        Case{"SedCaseAndNth",
             R"sh(echo aaa | sed 's/a/b/2'; echo hello | sed 's/.*/\U&/'; echo 'Hello' | sed 's/hello/bye/I'
)sh",
             R"sh(aba
HELLO
bye
)sh", 0, ""},
        Case{"Cut",
             R"sh(echo 'one two three' | cut -d' ' -f2; echo a:b:c:d | cut -d: -f1,3; echo a:b:c:d | cut -d: -f2-; echo abcdef | cut -c2-4
)sh",
             R"sh(two
a:c
b:c:d
bcd
)sh", 0, ""},
        Case{"SortUniq",
             R"sh(printf '3\n1\n2\n10\n' | sort; printf '3\n1\n10\n' | sort -n; printf 'b\na\nb\n' | sort -u; printf 'x\nx\ny\n' | uniq -c; printf 'b\na\n' | sort -r
)sh",
             R"sh(1
10
2
3
1
3
10
a
b
      2 x
      1 y
b
a
)sh", 0, ""},
        Case{"SortVersions",
             R"sh(printf '1.10.0\n1.2.0\n1.9.1\n' | sort -V | tail -n 1
)sh",
             R"sh(1.10.0
)sh", 0, ""},
        Case{"Base64",
             R"sh(echo -n hello | base64; echo aGVsbG8= | base64 -d; echo; printf 'a%.0s' {1..60} | base64 | wc -l
)sh",
             R"sh(aGVsbG8=
hello
2
)sh", 0, ""},
        Case{"Basename",
             R"sh(basename /a/b/c.txt; basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname file; basename -s .md x.md
)sh",
             R"sh(c.txt
c
/a/b
.
x
)sh", 0, ""},
        Case{"Seq",
             R"sh(seq 3; seq 2 4; seq -s, 1 3; seq 5 -2 1
)sh",
             R"sh(1
2
3
2
3
4
1,2,3
5
3
1
)sh", 0, ""},
        Case{"BraceExpansion",
             R"sh(echo a{b,c}d {1..3} {a..c} {01..03} {5..1..2} x{,y} {a,b}{1,2} "{q,r}" {} {solo} pre-{x,{y,z}}
)sh",
             R"sh(abd acd 1 2 3 a b c 01 02 03 5 3 1 x xy a1 a2 b1 b2 {q,r} {} {solo} pre-x pre-y pre-z
)sh", 0, ""},
        Case{"BraceExpansionMkdir",
             R"sh(mkdir -p /tmp/gh_b/{src,test}; [ -d /tmp/gh_b/src ] && [ -d /tmp/gh_b/test ] && echo both
)sh",
             R"sh(both
)sh", 0, ""},
        Case{"Xargs",
             R"sh(echo "a b c" | xargs -n1 echo item; echo "x y" | xargs echo all; printf "1\n2\n" | xargs -I{} echo "n={}"
)sh",
             R"sh(item a
item b
item c
all x y
n=1
n=2
)sh", 0, ""},
        Case{"Expr",
             R"sh(expr 1 + 2; expr 5 \* 3; expr length hello; expr 3 \> 2
)sh",
             R"sh(3
15
5
1
)sh", 0, ""},
        Case{"Rev",
             R"sh(printf 'abc\nxy\n' | rev
)sh",
             R"sh(cba
yx
)sh", 0, ""},
        Case{"DdFromFile",
             R"sh(printf 'abcdefgh' > /tmp/gh_dd; dd if=/tmp/gh_dd bs=4 count=1 status=none; echo
)sh",
             R"sh(abcd
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Redirections, Bash,
    ::testing::Values(
        Case{"StdoutToFileAndBack",
             R"sh(echo a > /tmp/gh_r; echo b >> /tmp/gh_r; cat /tmp/gh_r; echo c > /tmp/gh_r; cat < /tmp/gh_r
)sh",
             R"sh(a
b
c
)sh", 0, ""},
        Case{"StderrToStdout",
             R"sh(x=$(echo err 2>&1 >&2); echo "[$x]"; { echo out; echo err >&2; } 2>&1 | tr a-z A-Z
)sh",
             R"sh([err]
OUT
ERR
)sh", 0, ""},
        Case{"StdoutToStderr",
             R"sh(echo to-stderr >&2; echo also 1>&2
)sh",
             R"sh(to-stderr
also
)sh", 0, ""},
        Case{"DevNull",
             R"sh(echo hidden > /dev/null; echo hidden2 2>/dev/null >/dev/null; cat /dev/null; echo shown
)sh",
             R"sh(shown
)sh", 0, ""},
        Case{"BothToFile",
             R"sh({ echo o; echo e >&2; } &> /tmp/gh_both; cat /tmp/gh_both; { echo o2; echo e2 >&2; } > /tmp/gh_b2 2>&1; cat /tmp/gh_b2
)sh",
             R"sh(o
e
o2
e2
)sh", 0, ""},
        Case{"RedirectBeforeCommand",
             R"sh(> /tmp/gh_pre echo first; cat /tmp/gh_pre
)sh",
             R"sh(first
)sh", 0, ""},
        Case{"GroupRedirect",
             R"sh({
  echo "a=1"
  echo "b=2"
} >> "$GITHUB_OUTPUT"
)sh",
             "", 0, R"sh(a=1
b=2
)sh"},
        Case{"SubshellRedirect",
             R"sh((echo "c=3"; echo "d=4") >> $GITHUB_OUTPUT
)sh",
             "", 0, R"sh(c=3
d=4
)sh"},
        Case{"LoopRedirect",
             R"sh(for i in 1 2; do echo "k$i=v$i"; done >> "$GITHUB_OUTPUT"
)sh",
             "", 0, R"sh(k1=v1
k2=v2
)sh"},
        Case{"IfRedirect",
             R"sh(if true; then echo "x=1"; fi > "$GITHUB_OUTPUT"
)sh",
             "", 0, R"sh(x=1
)sh"},
        Case{"WhileReadFromFile",
             R"sh(printf 'l1\nl2\n' > /tmp/gh_in; while read -r l; do echo "<$l>"; done < /tmp/gh_in
)sh",
             R"sh(<l1>
<l2>
)sh", 0, ""},
        Case{"Truncate",
             R"sh(echo old > /tmp/gh_tr; : > /tmp/gh_tr; wc -c < /tmp/gh_tr
)sh",
             R"sh(0
)sh", 0, ""},
        Case{"TruncateOutput",
             R"sh(echo a=1 >> "$GITHUB_OUTPUT"; echo b=2 > "$GITHUB_OUTPUT"
)sh",
             "", 0, R"sh(b=2
)sh"},
        Case{"EmptyRedirectTarget",
             R"sh(echo x > $UNSET_VAR
echo never
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: $UNSET_VAR: ambiguous redirect
)sh", 1, ""},
        Case{"RedirectToDirectory",
             R"sh(echo x > /tmp || echo "status $?"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: /tmp: Is a directory
status 1
)sh", 0, ""},
        Case{"FdDuplicateOrder",
             R"sh(ls_err() { echo E >&2; }; ls_err 2>&1 >/dev/null | cat
)sh",
             R"sh(E
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    HereDocs, Bash,
    ::testing::Values(
        Case{"Expanding",
             R"sh(x=1
cat <<EOF
x=$x $(echo sub) $((1+1)) \$literal \\ "quotes" 'single'
EOF
)sh",
             R"sh(x=1 sub 2 $literal \ "quotes" 'single'
)sh", 0, ""},
        Case{"QuotedDelimiter",
             R"sh(x=1
cat <<'EOF'
x=$x $(echo sub) \$
EOF
cat <<"END"
$x
END
)sh",
             R"sh(x=$x $(echo sub) \$
$x
)sh", 0, ""},
        Case{"StripTabs",
             R"sh(cat <<-EOF
	indented
		more
	EOF
)sh",
             R"sh(indented
more
)sh", 0, ""},
        Case{"TwoOnOneLine",
             R"sh(cat <<A; cat <<B
one
A
two
B
)sh",
             R"sh(one
two
)sh", 0, ""},
        Case{"HereDocIntoPipe",
             R"sh(cat <<EOF | grep b | tr b B
a
b
c
EOF
)sh",
             R"sh(B
)sh", 0, ""},
        Case{"HereDocToOutput",
             R"sh(cat >> "$GITHUB_OUTPUT" <<EOF
multi<<DELIM
line 1
line 2
DELIM
EOF
)sh",
             "", 0, R"sh(multi<<DELIM
line 1
line 2
DELIM
)sh"},
        Case{"HereDocUnterminated",
             R"sh(cat <<EOF
abc
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')
abc
)sh", 0, ""},
        Case{"HereDocInFunction",
             R"sh(f() {
  cat <<EOF
in $1
EOF
}
f arg
)sh",
             R"sh(in arg
)sh", 0, ""},
        Case{"HereString",
             R"sh(grep -c a <<< "banana"; tr a-z A-Z <<< '$x stays'
)sh",
             R"sh(1
$X STAYS
)sh", 0, ""},
        Case{"DelimiterWithDash",
             R"sh(cat <<END-OF-TEXT
body
END-OF-TEXT
)sh",
             R"sh(body
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Pipelines, Bash,
    ::testing::Values(
        Case{"Simple",
             R"sh(echo "a b c" | tr " " "\n" | sort -r | head -n 2
)sh",
             R"sh(c
b
)sh", 0, ""},
        Case{"PipeIntoWhileIsSubshell",
             R"sh(n=0; printf "a\nb\n" | while read -r l; do n=$((n+1)); echo "$n $l"; done; echo "after $n"
)sh",
             R"sh(1 a
2 b
after 0
)sh", 0, ""},
        Case{"GroupInPipe",
             R"sh({ echo b; echo a; } | sort
)sh",
             R"sh(a
b
)sh", 0, ""},
        Case{"PipeStatusVariable",
             R"sh(true | false | true; echo "${PIPESTATUS[@]}"
)sh",
             R"sh(0 1 0
)sh", 0, ""},
        Case{"StderrPipe",
             R"sh({ echo out; echo err >&2; } |& tr a-z A-Z
)sh",
             R"sh(OUT
ERR
)sh", 0, ""},
        Case{"NegatedPipeline",
             R"sh(! echo x | grep -q y && echo none
)sh",
             R"sh(none
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    SyntaxErrors, Bash,
    ::testing::Values(
        Case{"UnexpectedFi",
             R"sh(echo one; fi
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `fi'
)sh", 2, ""},
        Case{"UnexpectedFiAfterRunningLines",
             R"sh(echo first
if true; then
  echo b
fi
fi
echo never
)sh",
             R"sh(first
b
/home/runner/work/_temp/step.sh: line 5: syntax error near unexpected token `fi'
)sh", 2, ""},
        Case{"MissingFi",
             R"sh(echo a
if true; then
echo b
)sh",
             R"sh(a
/home/runner/work/_temp/step.sh: line 4: syntax error: unexpected end of file
)sh", 2, ""},
        Case{"MissingDone",
             R"sh(for x in a; do
  echo $x
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 3: syntax error: unexpected end of file
)sh", 2, ""},
        Case{"UnterminatedDoubleQuote",
             R"sh(echo ok
echo "abc
foo
)sh",
             R"sh(ok
/home/runner/work/_temp/step.sh: line 2: unexpected EOF while looking for matching `"'
)sh", 2, ""},
        Case{"UnterminatedSingleQuote",
             R"sh(echo 'abc
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: unexpected EOF while looking for matching `''
)sh", 2, ""},
        Case{"UnterminatedCommandSubstitution",
             R"sh(echo a
x=$(echo
foo
)sh",
             R"sh(a
/home/runner/work/_temp/step.sh: line 4: unexpected EOF while looking for matching `)'
)sh", 2, ""},
        Case{"UnterminatedBraceParameter",
             R"sh(echo ${x
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: unexpected EOF while looking for matching `}'
)sh", 2, ""},
        Case{"UnterminatedBacktick",
             R"sh(echo `abc
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: unexpected EOF while looking for matching ``'
)sh", 2, ""},
        Case{"UnterminatedArithmetic",
             R"sh(echo $((1+
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: unexpected EOF while looking for matching `)'
)sh", 2, ""},
        Case{"StrayParenthesis",
             R"sh(echo a )
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `)'
)sh", 2, ""},
        Case{"StrayThen",
             R"sh(then echo
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `then'
)sh", 2, ""},
        Case{"EmptyAndList",
             R"sh(echo a && ;
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `;'
)sh", 2, ""},
        Case{"PipeAtEnd",
             R"sh(echo a |
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 2: syntax error: unexpected end of file
)sh", 2, ""},
        Case{"OpenSubshell",
             R"sh((
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 2: syntax error: unexpected end of file
)sh", 2, ""},
        Case{"BadFunctionBody",
             R"sh(f() echo
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `echo'
)sh", 2, ""},
        Case{"DoubleSemicolonOutsideCase",
             R"sh(echo a;; b
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `;;'
)sh", 2, ""},
        Case{"CloseBraceAlone",
             R"sh(}
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `}'
)sh", 2, ""},
        Case{"EvalSyntaxError",
             R"sh(eval "if"
echo "next $?"
)sh",
             R"sh(/home/runner/work/_temp/step.sh: eval: line 2: syntax error: unexpected end of file
)sh", 2, ""},
        Case{"RedirectWithoutTarget",
             R"sh(echo a >
)sh",
             R"sh(/home/runner/work/_temp/step.sh: line 1: syntax error near unexpected token `newline'
)sh", 2, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Awk, Bash,
    ::testing::Values(
        Case{"FieldSeparator",
             R"sh(echo "a,b,c" | awk -F, '{print $2}'
)sh",
             R"sh(b
)sh", 0, ""},
        Case{"FirstAndLastField",
             R"sh(printf 'one two three\nfour five six\n' | awk '{print $1, $NF}'; printf 'x y\n' | awk '{print $2 $1}'
)sh",
             R"sh(one three
four six
yx
)sh", 0, ""},
        Case{"SumInEnd",
             R"sh(printf '1\n2\n3\n' | awk '{s+=$1} END {print s, NR}'
)sh",
             R"sh(6 3
)sh", 0, ""},
        Case{"DedupeIdiom",
             R"sh(printf 'a\nb\na\nc\nb\n' | awk '!seen[$0]++'
)sh",
             R"sh(a
b
c
)sh", 0, ""},
        Case{"PatternsAndNr",
             R"sh(printf 'k1=v1\nk2=v2\n' | awk -F= '/k2/ {print $2}'; printf 'h\nx\ny\n' | awk 'NR==1'; printf 'h\nx\ny\n' | awk 'NR>1 {print NR": "$0}'
)sh",
             R"sh(v2
h
2: x
3: y
)sh", 0, ""},
        Case{"JsonishField",
             R"sh(echo '"version": "1.2.3",' | awk -F'"' '{print $4}'
)sh",
             R"sh(1.2.3
)sh", 0, ""},
        Case{"BeginPrintf",
             R"sh(awk 'BEGIN {print 1+1; x="a"; print x "b"; printf "%05.1f|%s|%d\n", 3.14159, "s", 42.9}'
)sh",
             R"sh(2
ab
003.1|s|42
)sh", 0, ""},
        Case{"StringFunctions",
             R"sh(printf 'Hello World\n' | awk '{print toupper($1), tolower($2), length($0), substr($0, 1, 5), index($0, "World")}'
)sh",
             R"sh(HELLO world 11 Hello 7
)sh", 0, ""},
        Case{"FieldAssignment",
             R"sh(printf 'a b c\n' | awk '{ $2 = "X"; print; print NF }'; printf 'a:b\n' | awk -F: -v OFS=- '{$1=$1; print}'
)sh",
             R"sh(a X c
3
a-b
)sh", 0, ""},
        Case{"SubGsub",
             R"sh(printf 'foo bar foo\n' | awk '{ n = gsub(/foo/, "baz"); print n, $0 }'; printf 'aaa\n' | awk '{ sub(/a/, "[&]"); print }'
)sh",
             R"sh(2 baz bar baz
[a]aa
)sh", 0, ""},
        Case{"NumericComparison",
             R"sh(printf '3 apples\n5 pears\n' | awk '$1 > 4 {print $2}'; printf '10\n9\n' | awk '$1 > 9'
)sh",
             R"sh(pears
10
)sh", 0, ""},
        Case{"VariableOption",
             R"sh(awk -v name=world 'BEGIN { print "hello " name }'
)sh",
             R"sh(hello world
)sh", 0, ""},
        Case{"ForLoopFields",
             R"sh(printf 'a b\nc d\n' | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i; print "" }'
)sh",
             R"sh(b a 
d c 
)sh", 0, ""},
        Case{"AssociativeArrays",
             R"sh(printf 'x 1\ny 2\nx 3\n' | awk '{ sum[$1] += $2 } END { for (k in sum) print k, sum[k] }' | sort
)sh",
             R"sh(x 4
y 2
)sh", 0, ""},
        Case{"Arithmetic",
             R"sh(echo "1.2.3" | awk -F. '{ print $1 * 100 + $2 * 10 + $3 }'
)sh",
             R"sh(123
)sh", 0, ""},
        Case{"NfAndEnd",
             R"sh(printf 'a\n\nb\n' | awk 'NF'; printf 'l1\nl2\nl3\n' | awk 'END { print $0 }'
)sh",
             R"sh(a
b
l3
)sh", 0, ""},
        Case{"Split",
             R"sh(echo "key: value" | awk '{ split($0, parts, ": "); print parts[2] }'; echo "a-b-c" | awk '{ n = split($0, p, "-"); print n, p[3] }'
)sh",
             R"sh(value
3 c
)sh", 0, ""},
        Case{"IfElseTernary",
             R"sh(printf 'x\n' | awk '{ if ($1 == "x") print "yes"; else print "no" }'; printf '5\n' | awk '{ print ($1 > 3 ? "big" : "small") }'
)sh",
             R"sh(yes
big
)sh", 0, ""},
        Case{"NextAndExit",
             R"sh(printf 'a\nb\nc\n' | awk 'NR==2 {next} {print}'; printf 'a\nb\nc\n' | awk 'NR==2 {exit} {print}'
)sh",
             R"sh(a
c
a
)sh", 0, ""},
        Case{"PrintToFile",
             R"sh(echo "x" | awk '{ print $1 > "/tmp/gh_awk" }'; cat /tmp/gh_awk
)sh",
             R"sh(x
)sh", 0, ""},
        Case{"Match",
             R"sh(echo "abc 123" | awk 'match($0, /[0-9]+/) { print RSTART, RLENGTH, substr($0, RSTART, RLENGTH) }'
)sh",
             R"sh(5 3 123
)sh", 0, ""},
        Case{"TabSeparator",
             R"sh(printf 'a\tb\n' | awk -F'\t' '{print $2}'; printf 'a  b\n' | awk -F' ' '{print $2}'
)sh",
             R"sh(b
b
)sh", 0, ""},
        Case{"Operators",
             R"sh(echo 5 | awk '{ print $1 / 2, int($1 / 2), $1 % 3, 2 ^ 10, -$1 }'
)sh",
             R"sh(2.5 2 2 1024 -5
)sh", 0, ""},
        Case{"NumberFormatting",
             R"sh(echo "0.1 0.2" | awk '{ print $1 + $2 }'; awk 'BEGIN { print 1e6, 1e20, 0.000001, 100/3 }'
)sh",
             R"sh(0.3
1000000 1e+20 1e-06 33.3333
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    MoreExpansions, Bash,
    ::testing::Values(
        Case{"ProcessSubstitutionIntoLoop",
             R"sh(while read -r l; do echo "<$l>"; done < <(printf 'a\nb\n')
echo after
)sh",
             R"sh(<a>
<b>
after
)sh", 0, ""},
        Case{"ProcessSubstitutionAsFile",
             R"sh(cat <(echo hi) <(echo there); wc -l < <(printf "1\n2\n")
)sh",
             R"sh(hi
there
2
)sh", 0, ""},
        Case{"ReadFileShortcut",
             R"sh(printf "content\n\n" > /tmp/gh_x; v=$(< /tmp/gh_x); echo "[$v]"
)sh",
             R"sh([content]
)sh", 0, ""},
        Case{"ExecRedirectsTheRest",
             R"sh(exec >> "$GITHUB_OUTPUT"
echo a=1
echo b=2
)sh",
             "", 0, R"sh(a=1
b=2
)sh"},
        Case{"ExecExtraDescriptor",
             R"sh(exec 3>&1
echo via-three >&3
exec 3>&-
echo closed
)sh",
             R"sh(via-three
closed
)sh", 0, ""},
        Case{"ExecStderrToStdout",
             R"sh(exec 2>&1
echo err >&2 | cat
)sh",
             R"sh(err
)sh", 0, ""}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    NestedShells, Bash,
    ::testing::Values(
        Case{"BashDashC",
             R"sh(bash -c 'echo "in child $1"; exit 3' name arg || echo "child status $?"
)sh",
             R"sh(in child arg
child status 3
)sh", 0, ""},
        Case{"ChildSeesOnlyExported",
             R"sh(A=local; export B=exported; f() { :; }; bash -c 'echo "[${A:-}] [$B]"; declare -F f || echo no-function'
)sh",
             R"sh([] [exported]
no-function
)sh", 0, ""},
        Case{"ChildOptions",
             R"sh(bash -eo pipefail -c 'false | true; echo never' || echo "failed $?"; sh -c 'false; echo sh-continues'
)sh",
             R"sh(failed 1
sh-continues
)sh", 0, ""},
        Case{"ChildRunsScriptFile",
             R"sh(printf 'echo "script got $1"\n' > /tmp/gh_child.sh; bash /tmp/gh_child.sh one
)sh",
             R"sh(script got one
)sh", 0, ""},
        Case{"ChildWritesOutput",
             R"sh(bash -c 'echo "from_child=1" >> "$GITHUB_OUTPUT"'
)sh",
             "", 0, R"sh(from_child=1
)sh"}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Globbing, Bash,
    ::testing::Values(
        Case{"MatchesSimulatedFiles",
             R"sh(touch /tmp/gh_g1.txt /tmp/gh_g2.txt /tmp/gh_g.md
echo /tmp/gh_g*.txt
for f in /tmp/gh_g?.txt; do echo "[$f]"; done
echo /tmp/gh_g[12].* /tmp/gh_g.m?
)sh",
             R"sh(/tmp/gh_g1.txt /tmp/gh_g2.txt
[/tmp/gh_g1.txt]
[/tmp/gh_g2.txt]
/tmp/gh_g1.txt /tmp/gh_g2.txt /tmp/gh_g.md
)sh", 0, ""},
        Case{"NoMatchStaysLiteral",
             R"sh(echo /tmp/gh_none* "/tmp/gh_*" '*'
)sh",
             R"sh(/tmp/gh_none* /tmp/gh_* *
)sh", 0, ""},
        Case{"RelativeAndHidden",
             R"sh(mkdir -p /tmp/gh_w/sub && cd /tmp/gh_w && touch b a .hidden sub/c
echo *
echo .h*
echo */
echo */*
)sh",
             R"sh(a b sub
.hidden
sub/
sub/c
)sh", 0, ""},
        Case{"QuotedAndNoglob",
             R"sh(touch /tmp/gh_q1; x="/tmp/gh_q*"; echo $x "$x"; set -f; echo /tmp/gh_q*; set +f; echo /tmp/gh_q*
)sh",
             R"sh(/tmp/gh_q1 /tmp/gh_q*
/tmp/gh_q*
/tmp/gh_q1
)sh", 0, ""}),
    name_of);

// END GENERATED


// ---------------------------------------------------------------------------------------------
// Where the simulation knowingly differs from a real machine, or needs the caller's files.
INSTANTIATE_TEST_SUITE_P(
    Simulated, Bash,
    ::testing::Values(
        Case{"WorkspaceIsTheWorkingDirectory", "pwd\necho \"$PWD\"\n",
             "/home/runner/work/repo/repo\n/home/runner/work/repo/repo\n"},
        Case{"GithubWorkspaceSetsTheWorkingDirectory", "pwd\n", "/w/proj\n", 0, "", {}, {}, {{"GITHUB_WORKSPACE", "/w/proj"}}},
        Case{"InputFilesAreReadable", "cat package.json\ncat ./VERSION | tr -d '\\n'\necho\n[ -f VERSION ] && echo has-version\n",
             "{\"version\": \"2.0.0\"}\n2.0.0\nhas-version\n", 0, "", {},
             {{"package.json", "{\"version\": \"2.0.0\"}\n"}, {"/home/runner/work/repo/repo/VERSION", "2.0.0\n"}}},
        Case{"VersionFromInputFile", "echo \"version=$(cat VERSION)\" >> \"$GITHUB_OUTPUT\"\n", "", 0, "version=2.0.0\n", {},
             {{"VERSION", "2.0.0\n"}}},
        Case{"ExistingOutputIsAppended", "echo b=2 >> \"$GITHUB_OUTPUT\"\n", "", 0, "a=1\nb=2\n", {}, {{kOutput, "a=1\n"}}},
        Case{"NewFilesAreReturned", "echo hi > notes.txt\nmkdir -p out && echo x > out/a.txt\necho t > /tmp/t\n", "", 0, "",
             {{"notes.txt", "hi\n"}, {"out/a.txt", "x\n"}, {"/tmp/t", "t\n"}}},
        Case{"RelativePathsMeetAfterCd", "echo v > data.txt\ncd sub\ncat ../data.txt\n", "v\n", 0, "", {{"data.txt", "v\n"}}},
        Case{"UnsimulatedCommandSucceedsSilently", "npm ci\ncurl -fsSL https://example.com\necho done\n", "done\n"},
        Case{"DateIsUnsimulated", "echo \"ts=$(date +%s)\" >> \"$GITHUB_OUTPUT\"\n", "", 0, "ts=\n"},
        Case{"UnknownFileReadsEmpty", "v=$(cat VERSION)\necho \"[$v]\"\n", "[]\n"},
        Case{"UnicodeEscapes", "echo -e '\\u00e9'; printf '\\u00e9\\n'\n", "\xC3\xA9\n\xC3\xA9\n"},
        Case{"DevStdoutAndStderr", "echo out > /dev/stdout; echo err > /dev/stderr\n", "out\nerr\n"},
        Case{"RandomIsReplayable", "a=$RANDOM; RANDOM=7; b=$RANDOM; RANDOM=7; c=$RANDOM; [ \"$b\" = \"$c\" ] && echo same\n",
             "same\n"},
        Case{"GithubEnvAndPath", "echo \"FOO=bar\" >> $GITHUB_ENV\necho /opt/bin >> $GITHUB_PATH\n", "", 0, "",
             {{kEnv, "FOO=bar\n"}, {kPath, "/opt/bin\n"}}},
        Case{"OutputHeredocWithVariables",
             "NAME=world\n{\n  echo \"greeting<<EOF\"\n  echo \"hello $NAME\"\n  echo EOF\n} >> \"$GITHUB_OUTPUT\"\n", "", 0,
             "greeting<<EOF\nhello world\nEOF\n"},
        Case{"MatrixStyleLoop",
             "for os in ubuntu windows; do\n  echo \"${os}_ok=true\" >> \"$GITHUB_OUTPUT\"\ndone\n", "", 0,
             "ubuntu_ok=true\nwindows_ok=true\n"},
        Case{"JsonArrayBuiltInBash",
             "items=(a b c)\njson=$(printf '\"%s\",' \"${items[@]}\")\necho \"list=[${json%,}]\" >> \"$GITHUB_OUTPUT\"\n", "", 0,
             "list=[\"a\",\"b\",\"c\"]\n"},
        Case{"ConditionalOutput",
             "if [[ \"$GITHUB_REF\" == refs/tags/* ]]; then\n  echo \"release=true\" >> \"$GITHUB_OUTPUT\"\nelse\n"
             "  echo \"release=false\" >> \"$GITHUB_OUTPUT\"\nfi\n",
             "", 0, "release=true\n"},
        Case{"ShortShaAndBranch",
             "sha=abcdef1234567890\necho \"short=${sha:0:7}\" >> $GITHUB_OUTPUT\nbranch=${GITHUB_HEAD_REF:-${GITHUB_REF#refs/heads/}}\n"
             "echo \"branch=${branch//\\//-}\" >> $GITHUB_OUTPUT\n",
             "", 0, "short=abcdef1\nbranch=refs-tags-v1.2.3\n"},
        Case{"RandomDelimiters",
             "d=$(openssl rand -hex 8); echo ${#d}; [[ $d =~ ^[0-9a-f]+$ ]] && echo hex\n"
             "u=$(uuidgen); [[ $u =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] && echo uuid\n"
             "b=$(openssl rand -base64 12); echo ${#b}\nt=$(mktemp); [[ $t == /tmp/tmp.* ]] && [ -f \"$t\" ] && echo temp\n",
             "16\nhex\nuuid\n16\ntemp\n"},
        Case{"ExitCodeSurvivesWrites", "echo a=1 >> $GITHUB_OUTPUT\nexit 7\n", "", 7, "a=1\n"}),
    name_of);

// ---------------------------------------------------------------------------------------------
// Notices: commands that are not simulated, and whether their output would reach $GITHUB_OUTPUT.
struct NoticeCase {
  const char* name;
  std::string source;
  std::string command;
  int line;
  int column;
  bool feeds_output;
  ScriptNotice::Kind kind = ScriptNotice::Kind::UnsimulatedCommand;
};

std::ostream& operator<<(std::ostream& os, const NoticeCase& c) { return os << c.name; }

class BashNotice : public ::testing::TestWithParam<NoticeCase> {};

TEST_P(BashNotice, IsReported) {
  const NoticeCase& c = GetParam();
  ScriptResult result = run_bash(make_input(c.source));
  EXPECT_EQ(result.exit_code, 0) << result.log;
  bool found = false;
  for (const ScriptNotice& n : result.notices) {
    if (n.command != c.command) continue;
    found = true;
    EXPECT_EQ(n.kind, c.kind);
    EXPECT_EQ(n.line, c.line);
    EXPECT_EQ(n.column, c.column);
    EXPECT_EQ(n.feeds_output, c.feeds_output);
    EXPECT_NE(n.message.find(c.kind == ScriptNotice::Kind::UnsimulatedCommand ? c.command : "simulated"), std::string::npos)
        << n.message;
  }
  EXPECT_TRUE(found) << "no notice for " << c.command;
}

INSTANTIATE_TEST_SUITE_P(
    Notices, BashNotice,
    ::testing::Values(
        NoticeCase{"ToLog", "echo start\nnpm ci\n", "npm", 2, 1, false},
        NoticeCase{"DirectToOutput", "curl -s https://example.com >> \"$GITHUB_OUTPUT\"\n", "curl", 1, 1, true},
        NoticeCase{"InsideGroupToOutput", "{\n  echo 'JSON_RESPONSE<<EOF'\n  curl https://example.com\n  echo EOF\n} >> \"$GITHUB_OUTPUT\"\n",
                   "curl", 3, 3, true},
        NoticeCase{"InsideSubstitutionInEcho", "echo \"version=$(jq -r .version package.json)\" >> $GITHUB_OUTPUT\n", "jq", 1,
                   17, true},
        NoticeCase{"ThroughVariable", "v=$(git rev-parse HEAD)\necho \"log $v\"\necho \"sha=$v\" >> \"$GITHUB_OUTPUT\"\n", "git", 1,
                   5, true},
        NoticeCase{"VariableOnlyLogged", "v=$(git rev-parse HEAD)\necho \"sha=$v\"\n", "git", 1, 5, false},
        NoticeCase{"ThroughPipeline", "curl -s https://api | jq -r .tag | tr -d v >> $GITHUB_OUTPUT\n", "curl", 1, 1, true},
        NoticeCase{"LastInPipeline", "echo '{}' | jq -r .tag >> $GITHUB_OUTPUT\n", "jq", 1, 13, true},
        NoticeCase{"ThroughTempFile", "curl -o /tmp/r.json https://x > /tmp/body\ncat /tmp/body >> $GITHUB_OUTPUT\n", "curl", 1, 1,
                   true},
        NoticeCase{"InLoopOnce", "for i in 1 2 3; do\n  docker pull img:$i\ndone\n", "docker", 2, 3, false},
        NoticeCase{"FunctionBody", "f() {\n  python3 -c 'print(1)'\n}\necho \"x=$(f)\" >> \"$GITHUB_OUTPUT\"\n", "python3", 2, 3, true},
        NoticeCase{"HeredocBody", "cat >> $GITHUB_OUTPUT <<EOF\nsha=$(git rev-parse HEAD)\nEOF\n", "git", 2, 7, true},
        NoticeCase{"AfterUnicodeText", "echo \"é\"; make build\n", "make", 1, 11, false},
        NoticeCase{"UnknownFileIntoOutput", "echo \"v=$(cat VERSION)\" >> $GITHUB_OUTPUT\n", "cat", 1, 11, true,
                   ScriptNotice::Kind::Unsupported},
        NoticeCase{"UnsupportedSedScript", "echo a | sed 'h;G' >> $GITHUB_OUTPUT\n", "sed", 1, 10, true,
                   ScriptNotice::Kind::Unsupported},
        NoticeCase{"ProcessSubstitution", "while read -r l; do echo \"x=$l\"; done < <(gh api /x) >> $GITHUB_OUTPUT\n",
                   "gh", 1, 43, true},
        NoticeCase{"ReadFromUnsimulatedOutput", "read -r tag < <(gh release view --json tagName -q .tagName)\n"
                   "echo \"tag=$tag\" >> $GITHUB_OUTPUT\n", "gh", 1, 17, true},
        NoticeCase{"UnsupportedAwkProgram", "awk '{ while ((getline line) > 0) print line }' f >> $GITHUB_OUTPUT\n", "awk", 1,
                   1, true, ScriptNotice::Kind::Unsupported}),
    [](const ::testing::TestParamInfo<NoticeCase>& info) { return std::string(info.param.name); });

TEST(BashNotices, DeduplicatedPerPlace) {
  ScriptResult result = run_bash(make_input("for i in 1 2 3; do npm test; done\nnpm test\n"));
  ASSERT_EQ(result.notices.size(), 2u);
  EXPECT_EQ(result.notices[0].line, 1);
  EXPECT_EQ(result.notices[1].line, 2);
}

TEST(BashNotices, SimulatedCommandsMakeNone) {
  ScriptResult result = run_bash(make_input(
      "x=$(echo a | tr a b | sed 's/b/c/' | grep c | head -1 | base64)\nprintf '%s\\n' \"$x\" | cut -c1 | wc -l\n"));
  EXPECT_TRUE(result.notices.empty());
  EXPECT_EQ(result.log, "1\n");
}

TEST(BashNotices, DocsRandomDelimiter) {
  // dd from /dev/urandom is simulated with replayable bytes, so the delimiter is a real one.
  ScriptResult result = run_bash(make_input(
      "EOF=$(dd if=/dev/urandom bs=15 count=1 status=none | base64)\n"
      "echo \"JSON_RESPONSE<<$EOF\" >> \"$GITHUB_OUTPUT\"\n"
      "curl https://example.com >> \"$GITHUB_OUTPUT\"\n"
      "echo \"$EOF\" >> \"$GITHUB_OUTPUT\"\n"));
  EXPECT_EQ(result.exit_code, 0);
  const std::string& out = result.files.at(kOutput);
  ASSERT_EQ(out.size(), std::string("JSON_RESPONSE<<\n\n").size() + 40) << out;
  std::string delimiter = out.substr(15, 20);
  EXPECT_EQ(out, "JSON_RESPONSE<<" + delimiter + "\n" + delimiter + "\n");
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].command, "curl");
  EXPECT_TRUE(result.notices[0].feeds_output);
  // The same script gives the same delimiter every time.
  ScriptResult again = run_bash(make_input(
      "EOF=$(dd if=/dev/urandom bs=15 count=1 status=none | base64)\necho \"$EOF\"\n"));
  EXPECT_EQ(again.log, delimiter + "\n");
}

// ---------------------------------------------------------------------------------------------
// Budgets and hostile input: always an answer, never a hang or a crash.
TEST(BashLimits, EndlessLoopStopsAtBudget) {
  ScriptResult result = run_bash(make_input("echo start\nwhile true; do :; done\necho never\n", {}, {}, 1000));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.log, "start\n");
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::BudgetExhausted);
  EXPECT_EQ(result.notices[0].line, 2);
}

TEST(BashLimits, EveryLoopKindIsBounded) {
  for (const char* script : {"for ((;;)); do x=1; done\n", "until false; do :; done\n", "while :; do continue; done\n",
                             "while true; do echo $((i++)) > /dev/null; done\n", "f() { while :; do :; done; }; f\n",
                             "x=$(while :; do :; done)\n", "while :; do (:); done\n", "yes() { :; }; while yes; do :; done\n"}) {
    ScriptResult result = run_bash(make_input(script, {}, {}, 500));
    EXPECT_EQ(result.exit_code, 1) << script;
    ASSERT_FALSE(result.notices.empty()) << script;
    EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::BudgetExhausted) << script;
  }
}

TEST(BashLimits, BudgetIgnoresTraps) {
  ScriptResult result = run_bash(make_input("trap 'while :; do :; done' EXIT\nwhile :; do :; done\n", {}, {}, 300));
  EXPECT_EQ(result.exit_code, 1);
}

TEST(BashLimits, InfiniteRecursionIsBounded) {
  ScriptResult result = run_bash(make_input("f() { f; }\nf\necho never\n"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.log.find("f: maximum function nesting level exceeded"), std::string::npos) << result.log;
  ASSERT_FALSE(result.notices.empty());
  EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::BudgetExhausted);
}

TEST(BashLimits, RecursionThroughSubstitutionIsBounded) {
  ScriptResult result = run_bash(make_input("f() { echo $(f); }\nf\n"));
  EXPECT_EQ(result.exit_code, 1);
  ASSERT_FALSE(result.notices.empty());
  EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::BudgetExhausted);
}

TEST(BashLimits, SourcingItselfIsBounded) {
  ScriptResult result = run_bash(make_input("echo '. /tmp/self.sh' > /tmp/self.sh\n. /tmp/self.sh\n"));
  EXPECT_EQ(result.exit_code, 1);
}

TEST(BashLimits, DeeplyNestedSubstitutionIsASyntaxError) {
  std::string script = "echo ";
  for (int i = 0; i < 10000; ++i) script += "$(";
  script += "echo hi";
  for (int i = 0; i < 10000; ++i) script += ")";
  script += "\n";
  ScriptResult result = run_bash(make_input(script));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.log.find("line 1: syntax error: nesting deeper than"), std::string::npos) << result.log.substr(0, 200);
}

TEST(BashLimits, ModeratelyNestedSubstitutionWorks) {
  std::string script = "echo ";
  for (int i = 0; i < 20; ++i) script += "\"$(echo ";
  script += "deep";
  for (int i = 0; i < 20; ++i) script += ")\"";
  ScriptResult result = run_bash(make_input(script));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "deep\n");
}

TEST(BashLimits, DeeplyNestedStructuresAreRefused) {
  for (const std::string& open : {std::string("("), std::string("{ "), std::string("if true; then "), std::string("$(("),
                                  std::string("${x:-"), std::string("[[ ( "), std::string("\"$(")}) {
    std::string script;
    for (int i = 0; i < 5000; ++i) script += open;
    ScriptResult result = run_bash(make_input(script));
    EXPECT_EQ(result.exit_code, 2) << open;
  }
}

TEST(BashLimits, DeepArithmeticIsAnError) {
  std::string expr(3000, '(');
  expr += "1";
  expr += std::string(3000, ')');
  ScriptResult result = run_bash(make_input("x=\"" + expr + "\"\necho $((x))\necho after\n"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.log.find("nested too deeply"), std::string::npos);
  EXPECT_NE(result.log.find("after"), std::string::npos);
}

TEST(BashLimits, SelfReferencingArithmeticVariable) {
  ScriptResult result = run_bash(make_input("a=a+1\necho $((a))\necho after\n"));
  EXPECT_NE(result.log.find("recursion level exceeded"), std::string::npos) << result.log;
  EXPECT_NE(result.log.find("after"), std::string::npos);
}

TEST(BashLimits, OneMegabyteHeredoc) {
  std::string body;
  while (body.size() < (1u << 20)) body += "line of text $HOME and more\n";
  ScriptResult result = run_bash(make_input("cat >> \"$GITHUB_OUTPUT\" <<'EOF'\n" + body + "EOF\necho done\n"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "done\n");
  EXPECT_EQ(result.files.at(kOutput), body);
  ScriptResult expanded = run_bash(make_input("cat <<EOF | wc -l\n" + body + "EOF\n"));
  EXPECT_EQ(expanded.log, std::to_string(body.size() / 28) + "\n");
}

TEST(BashLimits, LongLineThroughTools) {
  std::string script = "x=$(printf '%*s' 300000 '' | tr ' ' a)\n"
                       "echo ${#x}\n"
                       "echo \"$x\" | sed 's/a/b/g' | grep -c '^b*$'\n"
                       "y=${x//a/c}; echo ${y:0:3}\n";
  ScriptResult result = run_bash(make_input(script));
  EXPECT_EQ(result.exit_code, 0) << result.log.substr(0, 300);
  EXPECT_EQ(result.log, "300000\n1\nccc\n");
}

TEST(BashLimits, DoublingStringIsStopped) {
  ScriptResult result = run_bash(make_input("x=a\nwhile :; do x=$x$x; done\n"));
  EXPECT_EQ(result.exit_code, 1);
  ASSERT_FALSE(result.notices.empty());
  EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::Unsupported);
}

TEST(BashLimits, HugeBraceExpansionIsStopped) {
  ScriptResult result = run_bash(make_input("echo {1..10}{1..10}{1..10}{1..10}{1..10}{1..10}\n"));
  EXPECT_EQ(result.exit_code, 1);
  ASSERT_FALSE(result.notices.empty());
  EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::BudgetExhausted);
}

TEST(BashLimits, PathologicalPatternsFinish) {
  std::string a(2000, 'a');
  ScriptResult result = run_bash(make_input("x=" + a + "\n"
                                            "echo \"$x\" | grep -cE '(a*)*b' || true\n"
                                            "[[ $x == *a*a*a*a*b ]] || echo nomatch\n"
                                            "y=${x%%*a*a*b}; echo ${#y}\n"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "0\nnomatch\n2000\n");
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(BashLimits, HostileBytesDoNotCrash) {
  for (const std::string& script :
       {std::string("\x00\x01\x02", 3), std::string("echo \xff\xfe\n"), std::string("${"), std::string("$(("),
        std::string("'"), std::string("\""), std::string("`"), std::string("<<"), std::string("cat <<"),
        std::string("case"), std::string("case x in"), std::string("f() {"), std::string("[[ "), std::string("(("),
        std::string("for ((;;"), std::string("x=("), std::string("echo ${x/"), std::string("echo ${x:"),
        std::string("echo $'\\"), std::string("\\"), std::string("echo >&"), std::string("2>&"),
        std::string("echo ${!}"), std::string("echo ${#"), std::string("a[=1"), std::string(";;"),
        std::string("!"), std::string("function"), std::string("{ }"), std::string("$(("),
        std::string("echo $((1 +))"), std::string("printf '%'"), std::string("printf '%*d' 99999999999 1"),
        std::string("set -- $(seq 100); shift 1000"), std::string("read -d"), std::string("exit 99999999999999999999"),
        std::string("echo ${x:99999999999999999:-1}"), std::string("a=(${a[@]}"), std::string("[ ( ( ( ]"),
        std::string("test -z -n -z"), std::string("sed"), std::string("sed 's/'"), std::string("grep '\\('"),
        std::string("tr"), std::string("cut -f"), std::string("echo {1..99999999999999999999}"),
        std::string("echo {a..}"), std::string("x=$'\\x'"), std::string("echo $(( 2 ** -1 ))"),
        std::string("echo $(( -9223372036854775807 - 1 / -1 ))"), "echo $((" + repeat("2**", 5000) + "2))",
        "echo " + repeat("command ", 5000) + "x", "echo a | xargs " + repeat("xargs ", 5000),
        "awk '{ print " + repeat("$", 5000) + "1 }'", "awk 'BEGIN { " + repeat("a[", 5000) + "1" + repeat("]", 5000) + " }'",
        "awk 'BEGIN { " + repeat("x=", 50000) + "1 }'", "awk 'BEGIN { print " + repeat("(", 5000) + "1 }'",
        "awk 'BEGIN { print " + repeat("!", 50000) + "1 }'", "awk '" + repeat("{", 5000) + "'",
        "echo x | sed '" + repeat("{", 5000) + "p'", "echo x | grep -E '" + repeat("(", 5000) + "'",
        "[[ " + repeat("! ", 5000) + "x ]]", "test " + repeat("! ", 5000) + "x", "echo " + repeat("{a,", 2000) + "b" + repeat("}", 2000),
        "x=" + repeat("$(", 30) + "echo" + repeat(")", 30), "echo $((" + repeat("-", 50000) + "1))",
        std::string("sed 99999999999999999999"), std::string("echo a | sed 's/a/b/99999999999999999999'"),
        std::string("echo | sed 'q99999999999999999999'"), std::string("trap 'ech`o' EXIT\nfalse"),
        std::string("trap '(' ERR\nfalse")}) {
    ScriptResult result = run_bash(make_input(script, {}, {}, 5000));
    EXPECT_GE(result.exit_code, 0) << script;
    EXPECT_LE(result.exit_code, 255) << script;
    EXPECT_TRUE(result.files.count(kOutput)) << script;
  }
}

TEST(BashLimits, UnterminatedQuoteReportsStartLine) {
  ScriptResult result = run_bash(make_input("echo a\necho \"b\nc\nd\n"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.log, "a\n" + kScript + ": line 2: unexpected EOF while looking for matching `\"'\n");
}

}  // namespace
}  // namespace ghaplay::scripts
