//! The design documents the code cites are in the repository and hold what is cited:
//! every `docs/<page>.md §N` in a source file, test, bench, scenario, script or the
//! README names a page of `docs/` and a section of it (a heading `## N.` or `### N.M`),
//! a numbered fact (`docs/domain.md 2.1`: a table row `| 2.1 |`), a table row
//! (`§1 row 12`), a gap (`§8 gap 2`) or a list item (`§2 item 10`) that exists; and
//! nothing cites the design files by their names outside the repository.

use std::path::{Path, PathBuf};

use crate::common::repo;

/// The files that may cite `docs/`, below `dir`.
fn citing_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            citing_files(&path, out);
        } else if path.extension().is_some_and(|e| ["rs", "toml", "md", "sh", "py"].iter().any(|x| e == *x)) {
            out.push(path);
        }
    }
}

/// The length of the number (`7`, `7.5`, `5a`) at the start of `text`, without a
/// sentence's full stop after it.
fn number_len(text: &str) -> usize {
    let mut end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.')).unwrap_or(text.len());
    while end > 0 && text[..end].ends_with('.') {
        end -= 1;
    }
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) { end } else { 0 }
}

/// One reference at the start of `text`: `§7.5`, `§2–§3`, `§1 row 12`, `§8 gap 2`, or
/// a bare fact number `2.1`; with the length of text it takes.
fn reference(text: &str) -> Option<(&str, usize)> {
    let Some(section) = text.strip_prefix('§') else {
        let n = number_len(text);
        // A fact is numbered `N.M`; a bare word or year after a page's name is no reference.
        return (n > 0 && text[..n].contains('.') && text[..n].chars().all(|c| c.is_ascii_digit() || c == '.'))
            .then(|| (&text[..n], n));
    };
    let mut taken = number_len(section);
    if taken == 0 {
        return None;
    }
    if let Some(range) = section[taken..].strip_prefix('–') {
        let range = range.strip_prefix('§').unwrap_or(range);
        let n = number_len(range);
        if n > 0 {
            taken += section[taken..].len() - range.len() + n;
        }
    }
    for word in [" row ", " gap ", " item "] {
        if let Some(rest) = section[taken..].strip_prefix(word) {
            let n = number_len(rest);
            if n > 0 {
                taken += word.len() + n;
            }
        }
    }
    let whole = "§".len() + taken;
    Some((&text[..whole], whole))
}

/// Whether the page whose text is `text` holds `reference` (as `reference` returns it).
fn holds(text: &str, reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix('§') else {
        return text.lines().any(|l| l.starts_with(&format!("| {reference} |")));
    };
    let (sections, detail) = rest.split_once(' ').map_or((rest, None), |(s, d)| (s, Some(d)));
    let heading =
        |n: &str| text.lines().any(|l| l.starts_with(&format!("## {n}. ")) || l.starts_with(&format!("### {n} ")));
    let sections_hold = sections.split('–').all(|s| heading(s.trim_start_matches('§')));
    let detail_holds = match detail.and_then(|d| d.split_once(' ')) {
        None => true,
        Some(("row", n)) => {
            text.lines().any(|l| l.starts_with(&format!("| {n} |")) || l.starts_with(&format!("| {n}. ")))
        }
        Some((_, n)) => text.lines().any(|l| l.trim_start().starts_with(&format!("{n}. "))),
    };
    sections_hold && detail_holds
}

#[test]
fn every_citation_of_docs_names_a_page_and_a_section_that_exist() {
    let root = repo();
    let mut files = vec![root.join("README.md")];
    for dir in ["src", "tests", "benches", "scenarios", "scripts"] {
        citing_files(&root.join(dir), &mut files);
    }
    let (mut checked, mut wrong) = (0, Vec::new());
    for file in &files {
        // A file that is not UTF-8 (a bad scenario of the corpus) cites nothing.
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        for (at, _) in text.match_indices("docs/") {
            let rest = &text[at + "docs/".len()..];
            let Some(page_end) = rest.find(".md") else { continue };
            let page = &rest[..page_end];
            if page.is_empty() || !page.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            let line = text[..at].lines().count().max(1);
            let Ok(page_text) = std::fs::read_to_string(root.join("docs").join(format!("{page}.md"))) else {
                wrong.push(format!("{name}:{line}: docs/{page}.md does not exist"));
                continue;
            };
            // The references after the page's name: `§7.2 / 3.1`, `2.2, §8 gap 1`, `§7.4 and §0.1`.
            let tail = &rest[page_end + ".md".len()..];
            let tail = tail.strip_prefix("'s").unwrap_or(tail);
            let mut after = tail.strip_prefix(' ').unwrap_or(tail);
            while let Some((reference, used)) = reference(after) {
                checked += 1;
                if !holds(&page_text, reference) {
                    wrong.push(format!("{name}:{line}: docs/{page}.md has no {reference}"));
                }
                after = &after[used..];
                let Some(next) = [" / ", ", ", " and "].iter().find_map(|sep| after.strip_prefix(sep)) else { break };
                after = next;
            }
        }
    }
    assert!(checked > 250, "only {checked} citations of docs/ found: has the way they are written changed?");
    assert!(wrong.is_empty(), "citations that docs/ does not hold:\n{}", wrong.join("\n"));
}

#[test]
fn nothing_cites_the_design_files_by_the_names_they_had_outside_the_repository() {
    let root = repo();
    let mut files = vec![root.join("README.md")];
    for dir in ["src", "tests", "benches", "scenarios", "scripts"] {
        citing_files(&root.join(dir), &mut files);
    }
    let this = root.join("tests/integration/citations.rs");
    let old: Vec<String> = ["MODEL", "DOMAIN", "NETWORK", "MECHANISMS"].iter().map(|n| format!("{n}.md")).collect();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| **f != this) {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        for (i, line) in text.lines().enumerate() {
            if old.iter().any(|o| line.contains(o.as_str())) || line.contains("seeds/") || line.contains("../shared/") {
                found.push(format!("{}:{}: {}", file.strip_prefix(&root).unwrap().display(), i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "cite docs/ instead (docs/README.md lists its pages):\n{}", found.join("\n"));
}
