#!/usr/bin/python3
"""The compile-time contract between a generated binding and its core class.

  contract_test.py --out OUT_DIR

Compiles the generated binding of tests/bindings/test_overloads.idl with the build's own
command against copies of its core class (tests/unit/test_overloads.h) that break the
contract: a missing member, a result of another type, a parameter of a type that would
convert silently. Each must fail with exactly one error, the static_assert naming the
member and the signature the binding calls. The unchanged class must compile, so the
test can fail. Ends with "N passed, M failed".
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = "tests/unit/test_overloads.h"
PREFIX = f"TestOverloads ({HEADER}) must declare: "

# (name, what to replace in the class, with what, the signature the error must name)
CASES = [
    ("a missing member",
     "  std::string join(const std::string& separator, const std::vector<std::string>& parts);\n",
     "",
     "std::string join(const std::string&, const std::vector<std::string>&)"),
    ("an attribute of another type",
     "  int32_t replaceable() const { return 42; }",
     "  int64_t replaceable() const { return 42; }",
     "int32_t replaceable()"),
    ("a parameter that would convert silently (int for boolean)",
     "std::string describe(v8::Isolate*, bool flag) { return flag ? \"boolean:true\" : \"boolean:false\"; }",
     "std::string describe(v8::Isolate*, int flag) { return flag ? \"boolean:true\" : \"boolean:false\"; }",
     "std::string describe(v8::Isolate*, bool)"),
    ("a static member that is not static",
     "  static int64_t sum(ExecutionContext*, const std::vector<int32_t>& values);",
     "  int64_t sum(ExecutionContext*, const std::vector<int32_t>& values);",
     "static int64_t sum(ExecutionContext*, const std::vector<int32_t>&)"),
]

verdicts = []


def report(name, problems):
    if problems:
        print(f"FAIL     {name}\n         " + "\n         ".join(problems))
    else:
        print(f"PASS     {name}")
    verdicts.append(not problems)


def compile_command(out):
    """The build's command for the generated test binding, as a syntax-only check."""
    commands = subprocess.run(["ninja", "-C", out, "-t", "commands", "unit_tests"],
                              capture_output=True, text=True, check=True).stdout
    for line in commands.splitlines():
        if line.rstrip().endswith(".o") and "v8_test_overloads.cc" in line:
            args = shlex.split(line)
            i = args.index("-o")
            del args[i:i + 2]
            args[args.index("-c")] = "-fsyntax-only"
            return args
    raise SystemExit(f"no compile command for v8_test_overloads.cc in {out}")


def compile_with(out, command, header_text, tmp):
    # The copy shadows the real header: an -I searched before the source tree's.
    shadow = os.path.join(tmp, HEADER)
    os.makedirs(os.path.dirname(shadow), exist_ok=True)
    with open(shadow, "w") as f:
        f.write(header_text)
    return subprocess.run([command[0], f"-I{tmp}"] + command[1:], cwd=out,
                          capture_output=True, text=True, timeout=300)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(TOP, "out/Release"))
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    command = compile_command(out)
    with open(os.path.join(TOP, HEADER)) as f:
        original = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        result = compile_with(out, command, original, tmp)
        report("the class as it is compiles", [] if result.returncode == 0 else
               ["exit %s" % result.returncode] + result.stderr.splitlines()[:10])
        for name, old, new, signature in CASES:
            if old not in original:
                report(name, [f"{HEADER} no longer contains: {old.strip()}"])
                continue
            result = compile_with(out, command, original.replace(old, new), tmp)
            errors = [l for l in result.stderr.splitlines() if re.search(r"\berror\b", l)]
            problems = []
            if result.returncode == 0:
                problems.append("compiled")
            if len(errors) != 1:
                problems.append(f"{len(errors)} errors, not one")
            if not any(PREFIX + signature in l for l in errors):
                problems.append(f"no error names: {signature}")
            report(f"{name} fails with one error naming it",
                   problems + (errors[:5] if problems else []))
    print(f"{sum(verdicts)} passed, {len(verdicts) - sum(verdicts)} failed")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
