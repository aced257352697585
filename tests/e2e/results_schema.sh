#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The golden results JSON (imslab run) and the golden vendor results JSON
# (imslab vendor), docs/results.schema.json and docs/results-schema.md
# agree: same keys in the same order, every key documented, and (where the
# Python jsonschema module is installed) the files validate while broken
# copies do not.
set -euo pipefail
src=$2
# python3 and python3-jsonschema come from scripts/install-deps.sh
command -v python3 >/dev/null || { echo "python3 missing: run scripts/install-deps.sh"; exit 1; }
exec python3 - "$src" <<'PY'
import json, re, sys, copy

src = sys.argv[1]
doc = json.load(open(f"{src}/tests/data/reports/results.json"))
vdoc = json.load(open(f"{src}/tests/data/reports/vendor-results.json"))
schema = json.load(open(f"{src}/docs/results.schema.json"))
md = open(f"{src}/docs/results-schema.md").read()
documented = set(re.findall(r"^\| `([^`]+)` \|", md, re.M))
errors = []

def resolve(s):
    while "$ref" in s:
        s = schema["$defs"][s["$ref"].split("/")[-1]]
    return s

def walk(value, s, where):
    s = resolve(s)
    if isinstance(value, dict) and "properties" in s:
        keys = list(value)
        # every required key, in order; optional ones (ir_faults 0x27-0x29,
        # present only when not 0) only in their place in the schema's order
        in_order = [k for k in s["properties"] if k in value]
        if [k for k in keys if k in s["required"]] != s["required"] or \
                [k for k in keys if k in s["properties"]] != in_order:
            errors.append(f"{where}: keys {keys} != schema required {s['required']}")
        for k, v in value.items():
            if k not in s["properties"]:
                errors.append(f"{where}.{k}: not in the schema")
                continue
            if not re.fullmatch(r"0x2[0-9]", k) and k not in documented \
                    and where not in ("$.scenarios[].exits",
                                      "$.scenarios[].exits_steady_by_reason"):
                errors.append(f"{where}.{k}: no '| `{k}` |' row in docs/results-schema.md")
            walk(v, s["properties"][k], f"{where}.{k}")
    elif isinstance(value, list) and "items" in s:
        for v in value:
            walk(v, s["items"], f"{where}[]")

walk(doc, schema, "$")
walk(vdoc, schema, "$")
for reason in ("mmio", "hypercall", "external_interrupt", "hlt", "kick", "other"):
    if f"`{reason}`" not in md:
        errors.append(f"exit reason {reason} not documented")

try:
    import jsonschema
except ImportError:
    errors.append("python3-jsonschema missing: run scripts/install-deps.sh")
if "jsonschema" in sys.modules:
    v = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors += [f"golden: {e.message}" for e in v.iter_errors(doc)]
    broken = []
    b = copy.deepcopy(doc); del b["scenarios"][0]["ir_faults"]["0x24"]; broken.append(("missing 0x24", b))
    b = copy.deepcopy(doc); b["scenarios"][0]["outcome"] = "fine"; broken.append(("bad outcome", b))
    b = copy.deepcopy(doc); b["scenarios"][1]["trace_hash"] = "0x1"; broken.append(("short hash", b))
    b = copy.deepcopy(doc); b["scenarios"][0]["extra"] = 1; broken.append(("unknown key", b))
    b = copy.deepcopy(doc); b["summary"]["failed"] = -1; broken.append(("negative count", b))
    b = copy.deepcopy(doc); b["scenarios"][0]["ir_faults"]["0x27"] = 0; broken.append(("0x27 listed as 0", b))
    b = copy.deepcopy(doc); b["scenarios"][0]["ir_faults"]["0x2a"] = 1; broken.append(("reason 0x2a", b))
    b = copy.deepcopy(doc); del b["scenarios"][2]["vcpus"]["wakeup_ns"]["max"]; broken.append(("vcpus without wakeup max", b))
    b = copy.deepcopy(doc); b["scenarios"][0]["ir_faults"]["0x28"] = 3
    if not v.is_valid(b):
        errors.append("schema refuses ir_faults 0x28 = 3")
    errors += [f"vendor golden: {e.message}" for e in v.iter_errors(vdoc)]
    fails = [i for i, r in enumerate(vdoc["vendor"]["rules"]) if r["verdict"] == "fail"]
    skips = [i for i, r in enumerate(vdoc["vendor"]["rules"]) if r["verdict"] == "skip"]
    passes = [i for i, r in enumerate(vdoc["vendor"]["rules"]) if r["verdict"] == "pass"]
    if not fails or not skips or not passes or \
            not any(vdoc["vendor"]["rules"][i]["expected_pair"] for i in fails):
        errors.append("vendor golden: needs a pass, a skip and failures with and without pairs")
    vr = lambda b, i: b["vendor"]["rules"][i]
    b = copy.deepcopy(vdoc); del vr(b, fails[0])["emitted_entry"]; broken.append(("fail without emitted_entry", b))
    b = copy.deepcopy(vdoc); vr(b, fails[0])["verdict"] = "FAIL"; broken.append(("bad verdict", b))
    b = copy.deepcopy(vdoc); vr(b, passes[0])["cycle"] = 3; broken.append(("pass with a cycle", b))
    b = copy.deepcopy(vdoc); del vr(b, skips[0])["reason"]; broken.append(("skip without reason", b))
    b = copy.deepcopy(vdoc); vr(b, fails[-1])["actual_pair"]["addr"] = "0x"; broken.append(("bad pair", b))
    b = copy.deepcopy(vdoc); b["vendor"]["outcome"] = "none"; broken.append(("scenario field in vendor", b))
    b = copy.deepcopy(vdoc); b["scenarios"] = []; broken.append(("vendor and scenarios", b))
    b = copy.deepcopy(vdoc); del b["vendor"]; broken.append(("neither vendor nor scenarios", b))
    for name, b in broken:
        if v.is_valid(b):
            errors.append(f"schema accepts a broken document ({name})")
    from importlib.metadata import version
    print(f"validated golden results.json, vendor-results.json and {len(broken)} broken copies "
          f"(jsonschema {version('jsonschema')})")

for e in dict.fromkeys(errors):
    print(e)
sys.exit(1 if errors else 0)
PY
