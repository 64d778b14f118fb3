// The python subset: one row per script with its exact log, exit code and $GITHUB_OUTPUT content.
// Every expected log was checked against CPython 3.12 running the same script at the same path
// (stdout and stderr into one pipe, as on a runner), except where a comment says otherwise.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scripts/script.h"

namespace ghaplay::scripts {
namespace {

const char* const kOutput = "/home/runner/work/_temp/_runner_file_commands/set_output_1";
const char* const kEnv = "/home/runner/work/_temp/_runner_file_commands/set_env_1";
const std::string kFile = "  File \"/home/runner/work/_temp/script.py\", ";

ScriptResult run(const std::string& source, std::size_t budget = 100000) {
  ScriptInput input;
  input.source = source;
  input.env = {{"GITHUB_OUTPUT", kOutput}, {"GITHUB_ENV", kEnv}, {"HOME", "/home/runner"}, {"NAME", "octocat"}};
  input.files = {{kOutput, ""}, {kEnv, ""}};
  input.step_budget = budget;
  return run_python(input);
}

struct Case {
  const char* name;
  std::string source;
  std::string log;
  int exit_code = 0;
  std::string output = "";  // $GITHUB_OUTPUT afterwards
};

class Python : public ::testing::TestWithParam<Case> {};

TEST_P(Python, Runs) {
  const auto& c = GetParam();
  auto result = run(c.source);
  EXPECT_EQ(result.log, c.log);
  EXPECT_EQ(result.exit_code, c.exit_code);
  EXPECT_EQ(result.files.at(kOutput), c.output);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Python,
    ::testing::Values(
        // GitHub's documentation, verbatim (with `value` defined).
        Case{"DocsPattern",
             "import os\nvalue = 'hello'\nwith open(os.environ['GITHUB_OUTPUT'], 'a') as fh:\n    print(f'myoutput={value}', file=fh)\n",
             "", 0, "myoutput=hello\n"},
        Case{"EnvironGetAndGetenv",
             "import os\nprint(os.environ.get('NAME'), os.getenv('NAME'), os.environ[\"NAME\"])\n"
             "print(os.environ.get('MISSING'), os.getenv('MISSING', 'fallback'), 'NAME' in os.environ)\n"
             "print(os.environ.get('GITHUB_OUTPUT') == os.getenv('GITHUB_OUTPUT'))\n",
             "octocat octocat octocat\nNone fallback True\nTrue\n"},
        Case{"EnvironSetIsSeenByGetenv", "import os\nos.environ['NEW'] = 'x'\nprint(os.getenv('NEW'), len(os.environ['NEW']))\n", "x 1\n"},
        Case{"OpenWriteClose",
             "import os\nf = open(os.environ['GITHUB_OUTPUT'], 'a')\nf.write('x=1\\n')\nf.write('y=' + str(2) + '\\n')\nf.close()\n", "", 0,
             "x=1\ny=2\n"},
        Case{"ModeWTruncatesModeAAppends",
             "import os\np = os.environ['GITHUB_OUTPUT']\nwith open(p, 'a') as f:\n    f.write('a=1\\n')\nwith open(p, 'w') as f:\n    f.write('b=2\\n')\n"
             "with open(p, 'a') as f:\n    print('c=3', file=f)\nwith open(p) as f:\n    print(repr(f.read()))\n",
             "'b=2\\nc=3\\n'\n", 0, "b=2\nc=3\n"},
        Case{"ReadLines", "import os\np = os.environ['GITHUB_OUTPUT']\nopen(p, 'w').write('a\\nb\\n')\nfor line in open(p):\n    print(line.strip())\nprint(open(p).readlines())\n",
             "a\nb\n['a\\n', 'b\\n']\n", 0, "a\nb\n"},
        Case{"HeredocOutput",
             "import os, json\nwith open(os.environ['GITHUB_OUTPUT'], 'a', encoding='utf-8') as f:\n    f.write('json<<EOF\\n')\n"
             "    f.write(json.dumps({'a': [1, 2]}, indent=2) + '\\n')\n    f.write('EOF\\n')\n",
             "", 0, "json<<EOF\n{\n  \"a\": [\n    1,\n    2\n  ]\n}\nEOF\n"},
        Case{"PrintKeywords", "print('a', 'b', sep='-', end='!\\n')\nprint()\nprint('x', end='')\nprint('y')\nprint(*[1, 2, 3], sep=', ')\n",
             "a-b!\n\nxy\n1, 2, 3\n"},
        Case{"PrintValues", "print(1, 2.0, None, True, [1, 'x'], {'k': (1,)}, (1, 2), set(), {3}, 1e16, 0.1 + 0.2)\n",
             "1 2.0 None True [1, 'x'] {'k': (1,)} (1, 2) set() {3} 1e+16 0.30000000000000004\n"},
        Case{"StringLiterals",
             "print('single', \"double\", '''tri\nple''', \"\"\"tri2\"\"\")\nprint('t\\tab \\x41 \\u00e9 \\101 it\\'s', r'raw\\n', 'a' 'b')\n",
             "single double tri\nple tri2\nt\tab A \xC3\xA9 A it's raw\\n ab\n"},
        Case{"FStrings",
             "import os\nname = 'world'\nd = {'k': 'v'}\nprint(f'hi {name}!', f\"{1 + 2}\", f'{name!r}', f'{{x}}', f'{name.upper()}', f\"{d['k']}\")\n"
             "print(f\"{os.environ['NAME']}\", f'{3.14159:.2f}|{42:>5}|{7:03d}|{1234567:,}')\nv = 42\nprint(f'{v=}')\n",
             "hi world! 3 'world' {x} WORLD v\noctocat 3.14|   42|007|1,234,567\nv=42\n"},
        Case{"FormatAndPercent",
             "print('{} and {}'.format('a', 'b'), '{0}{1}{0}'.format('x', 'y'), '{name}'.format(name='n'), '{:>4}|'.format(7))\n"
             "print('%s=%d' % ('k', 5), '%.2f' % 3.14159, '%5s|%-5s|' % ('a', 'b'), '%r' % 'q', '100%%' % ())\n",
             "a and b xyx n    7|\nk=5 3.14     a|b    | 'q' 100%\n"},
        Case{"StrMethods",
             "s = '  Hello World  '\nprint(s.upper(), s.lower(), s.strip(), sep='|')\n"
             "print('a,b,,c'.split(','), 'a b  c'.split(), 'a=b=c'.split('=', 1), ','.join(['x', 'y']))\n"
             "print('aaa'.replace('a', 'b', 2), 'abc'.startswith('ab'), 'abc'.endswith(('x', 'c')), 'refs/tags/v1'.startswith('refs/tags/'))\n"
             "print('v1.2.3'.lstrip('v').split('.')[0], 'xxhixx'.strip('x'), len('h\xC3\xA9llo'), 'h\xC3\xA9llo'[1], 'abc'[::-1])\n",
             "  HELLO WORLD  |  hello world  |Hello World\n['a', 'b', '', 'c'] ['a', 'b', 'c'] ['a', 'b=c'] x,y\n"
             "bba True True True\n1 hi 5 \xC3\xA9 cba\n"},
        Case{"Numbers",
             "print(1 + 2, 7 / 2, 7 // 2, -7 // 2, -7 % 3, 2 ** 10, 2 ** -1, 10 / 5)\n"
             "print(int('42'), int(' -7 '), int(3.9), float('2.5'), str(1.0), round(2.5), round(3.5), round(2.675, 2))\n"
             "x = 10\nx += 5\nx //= 2\nprint(x, abs(-3), min(3, 1), max([4, 9]), sum([1, 2, 3]), 1 == 1.0, True + True)\n",
             "3 3.5 3 -4 2 1024 0.5 2.0\n42 -7 3 2.5 1.0 2 4 2.67\n7 3 1 9 6 True 2\n"},
        Case{"IfElifElse",
             "x = 5\nif x > 10:\n    print('big')\nelif x > 3 and x != 4:\n    print('mid')\nelse:\n    print('small')\n"
             "if not x == 5 or x in [1, 2]:\n    print('no')\nprint('a' < 'b', 1 <= 1, 2 >= 3, 'at' in 'cat', 3 not in [1], None is None)\n",
             "mid\nTrue True False True True True\n"},
        Case{"ForLoops",
             "for i in range(3):\n    print(i, end=' ')\nfor i in range(10, 0, -4):\n    print(i, end=' ')\nfor c in 'ab':\n    print(c, end=' ')\n"
             "for k, v in {'a': 1}.items():\n    print(k, v, end=' ')\nfor x in []:\n    pass\nelse:\n    print('else')\n",
             "0 1 2 10 6 2 a b a 1 else\n"},
        Case{"WhileBreakContinue",
             "n = 0\nwhile True:\n    n += 1\n    if n == 2:\n        continue\n    if n > 4:\n        break\n    print(n)\n", "1\n3\n4\n"},
        Case{"Functions",
             "def add(a, b=10):\n    return a + b\nprint(add(1), add(1, 2), add(b=3, a=4))\n"
             "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(20))\n"
             "def noret():\n    pass\nprint(noret())\n",
             "11 3 7\n2432902008176640000\nNone\n"},
        Case{"ScopesAndClosures",
             "counter = 0\ndef inc():\n    global counter\n    counter += 1\ninc()\ninc()\n"
             "def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n        return x\n    inner()\n    return inner()\n"
             "square = lambda v: v * v\nprint(counter, outer(), square(5))\n",
             "2 3 25\n"},
        Case{"ListsAndDicts",
             "l = [3, 1, 2]\nl.append(4)\nl.sort()\nprint(l, len(l), l[0], l[-1], l[1:3], 2 in l, l.pop(), l)\n"
             "d = {'a': 1}\nd['b'] = 2\nprint(d, d.get('z'), d.get('z', 0), list(d.keys()), 'a' in d, len(d))\n"
             "a, *rest = [1, 2, 3]\nprint(a, rest, [x * 2 for x in range(4) if x], {k: v for k, v in d.items()})\n",
             // print() gets the list after pop(): the same object twice.
             "[1, 2, 3] 4 1 4 [2, 3] True 4 [1, 2, 3]\n{'a': 1, 'b': 2} None 0 ['a', 'b'] True 2\n1 [2, 3] [2, 4, 6] {'a': 1, 'b': 2}\n"},
        Case{"Builtins",
             "print(str(5), int('7') + 1, len([1, 2]), len('abc'), sorted([3, 1, 2]), list(enumerate('ab')), list(zip([1], ['x'])))\n"
             "print(isinstance(1, int), isinstance('x', (int, str)), type(1.5).__name__, any([0, 1]), all([]), hex(255), chr(65), ord('a'))\n",
             "5 8 2 3 [1, 2, 3] [(0, 'a'), (1, 'b')] [(1, 'x')]\nTrue True float True True 0xff A 97\n"},
        Case{"JsonDumps",
             "import json\nprint(json.dumps({'a': 1, 'b': [1, 2], 'c': None, 'd': True, 'e': 'caf\xC3\xA9', 'f': 1.5}))\n"
             "print(json.dumps([1, {'x': []}], indent=2))\nprint(json.dumps({'b': 1, 'a': 2}, sort_keys=True), json.dumps([1, 2], separators=(',', ':')))\n",
             "{\"a\": 1, \"b\": [1, 2], \"c\": null, \"d\": true, \"e\": \"caf\\u00e9\", \"f\": 1.5}\n[\n  1,\n  {\n    \"x\": []\n  }\n]\n"
             "{\"a\": 2, \"b\": 1} [1,2]\n"},
        Case{"JsonLoads",
             "import json\nobj = json.loads('{\"a\": [1, 2.5, \"s\", null, true], \"b\": {\"c\": \"\\\\u00e9\"}}')\nprint(obj, obj['a'][1], obj['b']['c'])\n",
             "{'a': [1, 2.5, 's', None, True], 'b': {'c': '\xC3\xA9'}} 2.5 \xC3\xA9\n"},
        Case{"MatrixOutput",
             "import json, os\nmatrix = {'include': [{'python': v} for v in ['3.11', '3.12']]}\n"
             "with open(os.environ['GITHUB_OUTPUT'], 'a') as fh:\n    print(f'matrix={json.dumps(matrix)}', file=fh)\n",
             "", 0, "matrix={\"include\": [{\"python\": \"3.11\"}, {\"python\": \"3.12\"}]}\n"},
        Case{"ReModule",
             "import re\nm = re.match(r'v(\\d+)\\.(\\d+)', 'v12.34-beta')\nprint(m.group(1), m.groups(), re.findall(r'\\d+', 'a1 b22'), re.sub(r'\\s+', '_', 'a  b'))\n",
             "12 ('12', '34') ['1', '22'] a_b\n"},
        Case{"TryExceptFinally",
             "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print('caught:', e)\nfinally:\n    print('finally')\n"
             "try:\n    {}['k']\nexcept LookupError as e:\n    print(type(e).__name__, repr(e))\n",
             "caught: division by zero\nfinally\nKeyError KeyError('k')\n"},
        Case{"SysExitCode", "import sys\nprint('before')\nsys.exit(3)\nprint('after')\n", "before\n", 3},
        Case{"SysExitZero", "import sys\nsys.exit()\n", "", 0},
        Case{"SysExitMessage", "import sys\nprint('before')\nsys.exit('fatal: bad input')\n", "before\nfatal: bad input\n", 1},
        Case{"SysExitCaught", "import sys\ntry:\n    sys.exit(2)\nexcept SystemExit as e:\n    print('caught', e.code)\n", "caught 2\n"},
        Case{"NameError", "print('start')\nprint(undefined_var)\n",
             "start\nTraceback (most recent call last):\n" + kFile + "line 2, in <module>\n    print(undefined_var)\n          ^^^^^^^^^^^^^\n"
             "NameError: name 'undefined_var' is not defined\n", 1},
        Case{"NameErrorSuggestions", "pritn('x')\n",
             "Traceback (most recent call last):\n" + kFile + "line 1, in <module>\n    pritn('x')\n    ^^^^^\n"
             "NameError: name 'pritn' is not defined. Did you mean: 'print'?\n", 1},
        Case{"NameErrorForgotImport", "sys.exit(1)\n",
             "Traceback (most recent call last):\n" + kFile + "line 1, in <module>\n    sys.exit(1)\n    ^^^\n"
             "NameError: name 'sys' is not defined. Did you forget to import 'sys'?\n", 1},
        Case{"TypeErrorCarets", "x = 1\ny = x + 'a'\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    y = x + 'a'\n        ~~^~~~~\n"
             "TypeError: unsupported operand type(s) for +: 'int' and 'str'\n", 1},
        Case{"KeyErrorInFunction", "d = {'a': 1}\ndef get(k):\n    return d[k]\nprint(get('b'))\n",
             "Traceback (most recent call last):\n" + kFile + "line 4, in <module>\n    print(get('b'))\n          ^^^^^^^^\n" + kFile +
                 "line 3, in get\n    return d[k]\n           ~^^^\nKeyError: 'b'\n", 1},
        Case{"MissingEnvironKey", "import os\nv = os.environ['NOPE']\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    v = os.environ['NOPE']\n        ~~~~~~~~~~^^^^^^^^\n"
             "  File \"<frozen os>\", line 685, in __getitem__\nKeyError: 'NOPE'\n", 1},
        Case{"AttributeErrorOnNone", "x = None\nx.strip()\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    x.strip()\n    ^^^^^^^\n"
             "AttributeError: 'NoneType' object has no attribute 'strip'\n", 1},
        Case{"ValueErrorWholeLine", "int('12a')\n",
             "Traceback (most recent call last):\n" + kFile + "line 1, in <module>\n    int('12a')\nValueError: invalid literal for int() with base 10: '12a'\n", 1},
        Case{"RaiseStatement", "raise ValueError('boom')\n",
             "Traceback (most recent call last):\n" + kFile + "line 1, in <module>\n    raise ValueError('boom')\nValueError: boom\n", 1},
        Case{"ChainedExceptions", "try:\n    {}['a']\nexcept KeyError:\n    raise ValueError('x')\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    {}['a']\n    ~~^^^^^\nKeyError: 'a'\n\n"
             "During handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n" + kFile +
                 "line 4, in <module>\n    raise ValueError('x')\nValueError: x\n",
             1},
        Case{"JsonDecodeError", "import json\njson.loads('{bad')\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    json.loads('{bad')\n"
             // Ubuntu's Python is at /usr/lib/python3.12 (the lines checked against CPython 3.12.1).
             "  File \"/usr/lib/python3.12/json/__init__.py\", line 346, in loads\n    return _default_decoder.decode(s)\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
             "  File \"/usr/lib/python3.12/json/decoder.py\", line 337, in decode\n    obj, end = self.raw_decode(s, idx=_w(s, 0).end())\n"
             "               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
             "  File \"/usr/lib/python3.12/json/decoder.py\", line 353, in raw_decode\n    obj, end = self.scan_once(s, idx)\n               ^^^^^^^^^^^^^^^^^^^^^^\n"
             "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n",
             1},
        Case{"SyntaxErrorRunsNothing", "print('never')\nx = (1 +\n",
             "  File \"/home/runner/work/_temp/script.py\", line 2\n    x = (1 +\n        ^\nSyntaxError: '(' was never closed\n", 1},
        Case{"IndentationError", "if True:\nprint(1)\n",
             "  File \"/home/runner/work/_temp/script.py\", line 2\n    print(1)\n    ^\n"
             "IndentationError: expected an indented block after 'if' statement on line 1\n",
             1},
        Case{"InvalidSyntaxMarksToken", "else:\n    pass\n",
             "  File \"/home/runner/work/_temp/script.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n", 1},
        Case{"ErrorAfterOutputKeepsFile",
             "import os\nwith open(os.environ['GITHUB_OUTPUT'], 'a') as fh:\n    fh.write('a=1\\n')\nraise RuntimeError('late')\n",
             "Traceback (most recent call last):\n" + kFile + "line 4, in <module>\n    raise RuntimeError('late')\nRuntimeError: late\n", 1,
             "a=1\n"},
        // stdout is block-buffered on a runner: stderr comes first, stdout at the end (or before a
        // traceback), unless flushed.
        Case{"StdoutIsBuffered", "import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('out2')\n", "err\nout\nout2\n"},
        Case{"FlushedStdoutComesFirst", "import sys\nprint('out', flush=True)\nprint('err', file=sys.stderr)\n", "out\nerr\n"},
        Case{"TracebackAfterFlushedStdout", "print('start')\nraise ValueError('v')\n",
             "start\nTraceback (most recent call last):\n" + kFile + "line 2, in <module>\n    raise ValueError('v')\nValueError: v\n", 1},
        Case{"Walrus", "import re\nif (m := re.search(r'\\d+', 'ab12')):\n    print(m.group())\n", "12\n"},
        Case{"AttributeErrorSuggestion", "name = 'x'\nprint(name.uper())\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    print(name.uper())\n          ^^^^^^^^^\n"
             "AttributeError: 'str' object has no attribute 'uper'. Did you mean: 'upper'?\n",
             1},
        Case{"TuplesAndSets",
             "t = (1, 2, 3)\nx, y, z = t\ns = {1, 2}\ns.add(3)\nprint(t[1:], t + (4,), len(t), x + z, s, 2 in s, s | {4}, s & {1, 9}, sorted(s - {1}))\n",
             "(2, 3) (1, 2, 3, 4) 3 4 {1, 2, 3} True {1, 2, 3, 4} {1} [2, 3]\n"},
        Case{"OsPath",
             "import os\nprint(os.path.join('a', 'b', 'c.txt'), os.path.basename('/x/y.tar.gz'), os.path.dirname('/x/y'), os.path.splitext('r.tar.gz'))\n",
             "a/b/c.txt y.tar.gz /x ('r.tar', '.gz')\n"},
        Case{"UnpackError", "x = [1, 2]\na, b, c = x\n",
             "Traceback (most recent call last):\n" + kFile + "line 2, in <module>\n    a, b, c = x\n    ^^^^^^^\n"
             "ValueError: not enough values to unpack (expected 3, got 2)\n",
             1}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- notices -----------------------------------------------------------------------------------

TEST(Python, UnbufferedStdout) {
  ScriptInput input;
  input.source = "import sys\nprint('out')\nprint('err', file=sys.stderr)\n";
  input.env = {{"PYTHONUNBUFFERED", "1"}};
  EXPECT_EQ(run_python(input).log, "out\nerr\n");
  EXPECT_EQ(run("import sys\nsys.stdout.reconfigure(line_buffering=True)\nprint('out')\nprint('err', file=sys.stderr)\n").log, "out\nerr\n");
}

TEST(Python, UnknownCallsAreNoneWithNotice) {
  auto result = run(
      "import subprocess, os\nr = subprocess.run(['git', 'rev-parse', 'HEAD'])\nprint(r)\n"
      "with open(os.environ['GITHUB_OUTPUT'], 'a') as fh:\n    print(f\"sha={subprocess.check_output(['git'])}\", file=fh)\n"
      "import requests\nrequests.get('https://example.com')\n");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "None\n");
  EXPECT_EQ(result.files.at(kOutput), "sha=None\n");
  ASSERT_EQ(result.notices.size(), 3u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::UnsimulatedCommand);
  EXPECT_EQ(result.notices[0].command, "subprocess.run");
  EXPECT_EQ(result.notices[0].line, 2);
  EXPECT_EQ(result.notices[0].column, 5);
  EXPECT_EQ(result.notices[0].message, "`subprocess.run()` is not simulated: ghaplay uses None for its result.");
  EXPECT_FALSE(result.notices[0].feeds_output);
  EXPECT_EQ(result.notices[1].command, "subprocess.check_output");
  EXPECT_EQ(result.notices[1].line, 5);
  EXPECT_EQ(result.notices[1].column, 18);  // inside the f-string
  EXPECT_TRUE(result.notices[1].feeds_output);
  EXPECT_EQ(result.notices[2].command, "requests.get");
  EXPECT_EQ(result.notices[2].line, 7);
  EXPECT_EQ(result.notices[2].column, 1);
}

TEST(Python, NoticeOncePerPlace) {
  auto result = run("import subprocess\nfor i in range(5):\n    subprocess.call(['x'])\n");
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].command, "subprocess.call");
}

TEST(Python, UnsupportedStatementsAreSkippedWithNotice) {
  auto result = run("class Config:\n    x = 1\nmatch 1:\n    case 1:\n        pass\nprint('after')\n");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.log, "after\n");
  ASSERT_EQ(result.notices.size(), 2u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::Unsupported);
  EXPECT_EQ(result.notices[0].message, "Class definitions are not simulated by ghaplay: this one is skipped.");
  EXPECT_EQ(result.notices[1].line, 3);
}

TEST(Python, GhaplayLimitsInSyntaxAreNotices) {
  auto result = run("def g():\n    yield 1\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.log.find("SyntaxError: 'yield' is not simulated by ghaplay"), std::string::npos) << result.log;
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::Unsupported);
  EXPECT_EQ(result.notices[0].line, 2);
}

TEST(Python, MissingRepositoryFileIsNotFoundWithNotice) {
  auto result = run("open('package.json').read()\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.log.find("FileNotFoundError: [Errno 2] No such file or directory: 'package.json'"), std::string::npos) << result.log;
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::Unsupported);
}

// ---- files and environment ---------------------------------------------------------------------

TEST(Python, EveryFileIsReturned) {
  ScriptInput input;
  input.source = "open('/tmp/new.txt', 'w').write('n')\nopen('/tmp/old.txt', 'a').write('+')\n";
  input.files = {{"/tmp/old.txt", "o"}, {"/tmp/untouched", "u"}};
  auto result = run_python(input);
  EXPECT_EQ(result.exit_code, 0) << result.log;
  EXPECT_EQ(result.files, (std::map<std::string, std::string>{{"/tmp/new.txt", "n"}, {"/tmp/old.txt", "o+"}, {"/tmp/untouched", "u"}}));
}

TEST(Python, EnvChangesStayInsideTheScript) {
  auto result = run("import os\nos.environ['GITHUB_OUTPUT'] = '/elsewhere'\nwith open(os.environ['GITHUB_OUTPUT'], 'a') as f:\n    f.write('a=1\\n')\n");
  EXPECT_EQ(result.files.at("/elsewhere"), "a=1\n");
  EXPECT_EQ(result.files.at(kOutput), "");
}

TEST(Python, FileErrors) {
  EXPECT_NE(run("import os\nopen(os.environ.get('NOPE'), 'a')\n").log.find("TypeError: expected str, bytes or os.PathLike object, not NoneType"),
            std::string::npos);
  EXPECT_NE(run("import os\nf = open(os.environ['GITHUB_OUTPUT'], 'a')\nf.close()\nf.write('x')\n").log.find("ValueError: I/O operation on closed file."),
            std::string::npos);
  EXPECT_NE(run("import os\nopen(os.environ['GITHUB_OUTPUT'], 'a').read()\n").log.find("io.UnsupportedOperation: not readable"), std::string::npos);
  EXPECT_NE(run("open('x', 'rw')\n").log.find("ValueError: must have exactly one of create/read/write/append mode"), std::string::npos);
  EXPECT_NE(run("import os\nos.environ['X'] = 1\n").log.find("TypeError: str expected, not int"), std::string::npos);
}

// ---- limits ------------------------------------------------------------------------------------

TEST(Python, BudgetStopsEndlessLoops) {
  auto result = run("print('start')\nwhile True:\n    pass\n", 1000);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.log, "start\n");
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::BudgetExhausted);
  EXPECT_EQ(result.notices[0].line, 3);
}

TEST(Python, BudgetCoversBigWork) {
  for (const char* script : {"for i in range(10**18):\n    pass\n", "x = [i for i in range(10**7)]\n", "l = [1]\nfor x in l:\n    l.append(x)\n",
                             "while True:\n    try:\n        1/0\n    except ZeroDivisionError:\n        pass\n"}) {
    SCOPED_TRACE(script);
    auto result = run(script, 5000);
    EXPECT_EQ(result.exit_code, 1);
    ASSERT_FALSE(result.notices.empty());
    EXPECT_EQ(result.notices.back().kind, ScriptNotice::Kind::BudgetExhausted);
  }
}

TEST(Python, RecursionIsBounded) {
  auto result = run("def f(n):\n    return f(n + 1)\nf(0)\n");
  EXPECT_EQ(result.exit_code, 1);
  // 200 nested calls in a plain build; fewer under sanitizers, where the stack guard stops first.
  EXPECT_NE(result.log.find(" more times]\nRecursionError: maximum recursion depth exceeded\n"), std::string::npos) << result.log;
  ASSERT_EQ(result.notices.size(), 1u);
  EXPECT_EQ(result.notices[0].kind, ScriptNotice::Kind::Unsupported);
}

TEST(Python, HostileInputNeverCrashes) {
  const std::vector<std::string> scripts = {
      std::string(5000, '('),
      "x = " + std::string(150, '(') + "1" + std::string(150, ')'),
      "x = " + std::string(300, '[') + std::string(300, ']'),
      "x = " + std::string(5000, '-') + "1",
      [] {
        std::string s;
        for (int i = 0; i < 100; ++i) s += std::string(static_cast<std::size_t>(i) * 4, ' ') + "if True:\n";
        return s + std::string(400, ' ') + "pass\n";
      }(),
      [] {
        std::string s = "x = ";
        for (int i = 0; i < 3000; ++i) s += "not ";
        return s + "1";
      }(),
      [] {
        std::string s = "f = ";
        for (int i = 0; i < 3000; ++i) s += "lambda: ";
        return s + "1";
      }(),
      "s = 'x'\nwhile True:\n    s += s\n",
      "l = [1]\nwhile True:\n    l = l + l\n",
      "x = 'a' * 10**12\n",
      "x = [0] * 10**12\n",
      "x = list(range(10**9))\n",
      "def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(1)\n",
      "f = lambda: f()\nf()\n",
      "l = []\nl.append(l)\nprint(l)\n",
      "d = {}\nd['d'] = d\nprint(d)\n",
      "l = []\nfor i in range(100000):\n    l = [l]\nprint(l)\n",
      "a = []\nb = []\nfor i in range(1000):\n    a = [a]\n    b = [b]\nprint(a == b)\n",
      "import json\nprint(json.loads('[' * 100000 + ']' * 100000))\n",
      "import json\nl = []\nl.append(l)\njson.dumps(l)\n",
      "import re\nprint(re.match(r'(a*)*b', 'a' * 30 + '!'))\n",
      "import re\nre.compile('((((')\n",
      "\x01\x02\xff\xfe\n",
      "print('a')\x00\n",
      "x = '''never closed\n",
      "sorted([1, 'a', 2.0, None])\n",
      "import sys\nsys.exit([1, 2])\n",
      "x = 2 ** 64\n",
      "print(-9223372036854775807 - 1 // -1)\n",
      "print(f'{1:999999999}')\n",
      "'x'.zfill(10**12)\n",
      "def f(n):\n    try:\n        raise ValueError(n)\n    except ValueError:\n        if n < 150:\n            f(n + 1)\n        raise\nf(0)\n",
      "x = 123456789012345678901234567890\n",
      "print('abc'[-10**18:10**18:10**17])\n",
      "x = f'{f\"{f'{1}'}\"}'\n",
      "async def f():\n    pass\n",
      "def g():\n    yield 1\n",
      "raise\n",
      "del x\n",
      "input('name? ')\n",
  };
  for (const auto& s : scripts) {
    SCOPED_TRACE(s.substr(0, 60));
    auto result = run(s, 20000);
    EXPECT_GE(result.exit_code, 0);
    EXPECT_LE(result.exit_code, 255);
    EXPECT_EQ(result.log.find("ghaplay: internal error"), std::string::npos) << result.log;
  }
  EXPECT_NE(run(std::string(5000, '(')).log.find("SyntaxError: too many nested parentheses"), std::string::npos);
  EXPECT_NE(run("x = " + std::string(150, '(') + "1" + std::string(150, ')')).log.find("SyntaxError: too many nested blocks or expressions"),
            std::string::npos);
  EXPECT_EQ(run("l = []\nl.append(l)\nprint(l)\n").log, "[[...]]\n");
  EXPECT_NE(run("'x'.zfill(10**12)\n").log.find("MemoryError"), std::string::npos);
  EXPECT_EQ(run("import sys\nsys.exit([1, 2])\n").log, "[1, 2]\n");
}

}  // namespace
}  // namespace ghaplay::scripts
