#!/usr/bin/env python3
"""Checks that every `import` in a target is one of its declared dependencies (STYLE.md 1).

SwiftPM's --explicit-target-dependency-import-check does not flag imports of transitive
dependencies (checked with Swift 6.3.1), so this compares each target's imports with the
dependencies `swift package dump-package` reports. Standard modules are always allowed.
Exit status 0 when every import is declared, 1 otherwise (each offender is listed).
"""
import json
import os
import re
import subprocess
import sys

SYSTEM = {
    "Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest",
    "_Concurrency", "Swift", "os", "Musl",
}
# Products whose module name differs from the product name.
PRODUCT_MODULES = {
    "GRDB": ["GRDB"], "GRDBSQLite": ["GRDBSQLite"], "Yams": ["Yams"], "Crypto": ["Crypto"], "Logging": ["Logging"],
    "ServiceLifecycle": ["ServiceLifecycle"], "UnixSignals": ["UnixSignals"], "ArgumentParser": ["ArgumentParser"],
}
IMPORT = re.compile(r"^(?:@[\w()]+\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    manifest = json.loads(subprocess.check_output(["swift", "package", "dump-package"], cwd=root))
    failures = []
    checked = 0
    for target in manifest["targets"]:
        if target["type"] == "system":
            continue
        allowed = set(SYSTEM)
        for dependency in target.get("dependencies", []):
            if "byName" in dependency:
                allowed.add(dependency["byName"][0])
            elif "target" in dependency:
                allowed.add(dependency["target"][0])
            elif "product" in dependency:
                name = dependency["product"][0]
                allowed.update(PRODUCT_MODULES.get(name, [name]))
        path = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])
        for directory, _, files in os.walk(os.path.join(root, path)):
            for name in files:
                if not name.endswith(".swift"):
                    continue
                file = os.path.join(directory, name)
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
                # Skip `#if canImport(X)` guarded platform imports of standard modules only.
                for module in IMPORT.findall(text):
                    checked += 1
                    if module not in allowed:
                        failures.append(f"{os.path.relpath(file, root)}: imports {module}, which target {target['name']} does not declare")
    for failure in failures:
        print(failure)
    print(f"import check: {checked} imports in {len(manifest['targets'])} targets, {len(failures)} undeclared")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
