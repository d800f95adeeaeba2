#!/usr/bin/env python3
"""Lists import cycles between the modules of src/ (the rule: no module imports another
in a circle). A module is a file (`foo/mod.rs` is `foo`); an edge is a `crate::`,
`super::` or `self::` path in its code (comments left out) that names another module
which is neither its ancestor nor its descendant. Exits 1 when there is a cycle.

    scripts/import-cycles.py            # cycles, if any
    scripts/import-cycles.py --graph    # and every module's imports
"""
import collections
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def modules():
    out = {}
    for root, _, files in os.walk(SRC):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(root, f)
                name = os.path.relpath(path, SRC)[:-3].replace(os.sep, "::")
                name = re.sub(r"(^|::)mod$", "", name) or "crate"
                if name in ("lib", "main"):
                    name = "crate"
                code = re.sub(r"//.*", "", open(path, encoding="utf-8").read())
                out[name] = code
    return out


def resolve(mods, module, path):
    parts = path.split("::")
    here = [] if module == "crate" else module.split("::")
    head, parts = parts[0], parts[1:]
    cur = {"crate": [], "super": here[:-1], "self": here}[head]
    for i in range(len(parts), -1, -1):
        cand = "::".join(cur + parts[:i]) or "crate"
        if cand in mods:
            return cand
    return None


def graph(mods):
    g = collections.defaultdict(set)
    for m, code in mods.items():
        for path in re.findall(r"\b((?:crate|super|self)(?:::\w+)+)", code):
            t = resolve(mods, m, path)
            related = t is None or t == m or m.startswith(t + "::") or t.startswith(m + "::") or t == "crate"
            if not related:
                g[m].add(t)
    return g


def cycles(g, nodes):
    found, state = [], {}

    def visit(v, stack):
        state[v] = 1
        stack.append(v)
        for w in sorted(g[v]):
            if state.get(w) == 1:
                found.append(stack[stack.index(w):] + [w])
            elif w not in state:
                visit(w, stack)
        stack.pop()
        state[v] = 2

    for v in sorted(nodes):
        if v not in state:
            visit(v, [])
    return found


def main():
    mods = modules()
    g = graph(mods)
    if "--graph" in sys.argv:
        for m in sorted(mods):
            print(f"{m} -> {', '.join(sorted(g[m])) or '-'}")
    found = cycles(g, mods)
    for c in found:
        print("cycle: " + " -> ".join(c))
    print(f"{len(mods)} modules, {sum(len(v) for v in g.values())} imports, {len(found)} cycles")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
