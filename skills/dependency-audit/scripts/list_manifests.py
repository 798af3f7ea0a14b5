"""Print the dependency manifests under the current directory with a rough count of packages in each."""
import os
import re

NAMES = {"Directory.Packages.props", "package.json", "pyproject.toml", "Cargo.toml"}
PATTERNS = [re.compile(r"\.csproj$"), re.compile(r"^requirements.*\.txt$")]
SKIP = {".git", "node_modules", "bin", "obj", "artifacts", ".venv"}

for root, dirs, files in os.walk("."):
    dirs[:] = [d for d in dirs if d not in SKIP]
    for name in files:
        if name in NAMES or any(p.search(name) for p in PATTERNS):
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            count = len(re.findall(r"PackageReference|PackageVersion|\"[^\"]+\"\s*:\s*\"[~^]?\d|^[A-Za-z0-9_.-]+\s*[=<>~]=", text, re.M))
            print(f"{path}\t{count}")
