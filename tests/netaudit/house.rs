//! The shape of the code, as DESIGN.md promises it: no circle between source files, and no
//! file past its size. Read from the sources themselves, so that a change that breaks the
//! shape fails here, not in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines of code (not blank, not only a comment, before the file's tests) a
/// source file may hold, and a command's file.
const MAX_CODE_LINES: usize = 600;
const MAX_COMMAND_LINES: usize = 250;

/// Every `.rs` file under `src/`, with its module path (`["sources", "csv_log"]` for
/// `src/sources/csv_log/mod.rs`).
fn source_files() -> BTreeMap<Vec<String>, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let mut pending = vec![root.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("under src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            files.insert(module, path);
        }
    }
    files
}

/// A file's code before its tests, each line without a comment that fills it.
fn code_of(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("a source file");
    text.lines()
        .take_while(|line| !line.starts_with("#[cfg(test)]"))
        .filter(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("//")
        })
        .map(str::to_string)
        .collect()
}

/// The files a file's code names, by paths that begin `crate::`, `super::` or `self::`
/// (in `use` lists, braces included, and inline), each resolved to the deepest file the
/// path reaches.
fn named_files(
    module: &[String],
    code: &[String],
    files: &BTreeMap<Vec<String>, PathBuf>,
) -> BTreeSet<Vec<String>> {
    let text = code.join("\n");
    let mut named = BTreeSet::new();
    let mut paths: Vec<Vec<String>> = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let starts_word = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b':');
        let rest = &text[at..];
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|head| rest.starts_with(head));
        if head.is_none() || !starts_word {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path: Vec<String> = rest[..end]
            .split("::")
            .filter(|part| !part.is_empty())
            .map(str::to_string)
            .collect();
        // `use super::{a, b::c}`: each item is a path of its own.
        if rest[end..].starts_with('{') {
            let close = rest[end..]
                .find('}')
                .map_or(rest.len(), |close| end + close);
            for item in rest[end + 1..close].split(',') {
                let item = item.trim().split(" as ").next().unwrap_or("").trim();
                if !item.is_empty() && item != "self" {
                    let mut full = path.clone();
                    full.extend(item.split("::").map(str::to_string));
                    paths.push(full);
                }
            }
        }
        paths.push(path);
        at += end.max(1);
    }
    for path in paths {
        let (mut base, rest): (Vec<String>, &[String]) = match path[0].as_str() {
            "crate" => (Vec::new(), &path[1..]),
            "self" => (module.to_vec(), &path[1..]),
            _ => {
                let ups = path.iter().take_while(|part| *part == "super").count();
                let mut base = module.to_vec();
                base.truncate(base.len().saturating_sub(ups));
                (base, &path[ups..])
            }
        };
        for part in rest {
            base.push(part.clone());
            if !files.contains_key(&base) {
                base.pop();
                break;
            }
        }
        if base != module && files.contains_key(&base) {
            named.insert(base);
        }
    }
    named
}

/// Whether `ancestor` is a module that holds `module`.
fn holds(ancestor: &[String], module: &[String]) -> bool {
    ancestor.len() < module.len() && module.starts_with(ancestor)
}

/// No file's code reaches, through the files it names, back to itself: a module using its
/// parent's contract, or a parent declaring its children, is the tree, not a circle.
#[test]
fn no_circle_between_source_files() {
    let files = source_files();
    let edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = files
        .iter()
        .map(|(module, path)| {
            let named = named_files(module, &code_of(path), &files)
                .into_iter()
                .filter(|other| !holds(other, module) && !holds(module, other))
                .collect();
            (module.clone(), named)
        })
        .collect();
    let mut circles = Vec::new();
    for start in edges.keys() {
        // Every file reachable from `start`, with the file it was reached from.
        let mut reached: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
        let mut pending = vec![start];
        while let Some(module) = pending.pop() {
            for next in &edges[module] {
                if next == start {
                    let mut circle = vec![files[start].display().to_string()];
                    let mut back = module;
                    while back != start {
                        circle.push(files[back].display().to_string());
                        back = reached[back];
                    }
                    circles.push(circle.join(" <- "));
                } else if !reached.contains_key(next) {
                    reached.insert(next, module);
                    pending.push(next);
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "circles between files:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_source_file_past_its_size() {
    let mut over = Vec::new();
    for (module, path) in source_files() {
        let lines = code_of(&path).len();
        let limit = if module.first().is_some_and(|first| first == "cmd") {
            MAX_COMMAND_LINES
        } else {
            MAX_CODE_LINES
        };
        if lines > limit {
            let shown = path.display();
            over.push(format!("{shown}: {lines} lines of code, at most {limit}"));
        }
    }
    assert!(over.is_empty(), "split these files:\n{}", over.join("\n"));
}

/// The detector finds a circle when there is one, so that its silence means something.
#[test]
fn a_circle_is_seen() {
    let module = |parts: &[&str]| parts.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    let files: BTreeMap<Vec<String>, PathBuf> = [
        (module(&["render"]), PathBuf::from("render/mod.rs")),
        (module(&["render", "rows"]), PathBuf::from("render/rows.rs")),
        (
            module(&["render", "table"]),
            PathBuf::from("render/table.rs"),
        ),
    ]
    .into();
    let rows = ["use super::table::{cell_text, Scale};".to_string()];
    let named = named_files(&module(&["render", "rows"]), &rows, &files);
    assert_eq!(named, [module(&["render", "table"])].into());
    let table = ["let text = crate::render::rows::heading(x);".to_string()];
    let named = named_files(&module(&["render", "table"]), &table, &files);
    assert_eq!(named, [module(&["render", "rows"])].into());
    let parent = ["use super::Currency;".to_string()];
    let named = named_files(&module(&["render", "rows"]), &parent, &files);
    assert_eq!(named, [module(&["render"])].into(), "the parent is named");
}
