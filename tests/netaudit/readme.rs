//! The walkthroughs of the README and the guide are replayed as written: each block marked
//! for replay, in any of the documents, runs command by command in a folder of its own
//! holding only a copy of `sample-data/`, and must print exactly what the document shows.

use crate::common::Workdir;
use std::path::Path;

const MARKER: &str = "<!-- replayed by tests/netaudit/readme.rs in a folder with sample-data/ -->";

/// Every document with examples: the README, the guide in `docs/`, and the files beside
/// the README.
fn documents() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents: Vec<_> = ["README.md", "BENCHMARKS.md", "CONTRIBUTING.md"]
        .iter()
        .map(|name| root.join(name))
        .collect();
    let guide = std::fs::read_dir(root.join("docs")).expect("docs/");
    let mut pages: Vec<_> = guide
        .map(|entry| entry.expect("docs/ entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    pages.sort();
    documents.extend(pages);
    documents
}

/// Each marked block: its commands, and the whole transcript as the README shows it.
fn replayed_blocks(readme: &str) -> Vec<(Vec<String>, String)> {
    readme
        .split(MARKER)
        .skip(1)
        .map(|after| {
            let body = after
                .trim_start()
                .strip_prefix("```console\n")
                .expect("a console block follows the marker");
            let block = &body[..body.find("```").expect("the block ends")];
            let commands = block
                .lines()
                .filter_map(|line| line.strip_prefix("$ "))
                .map(str::to_string)
                .collect();
            (commands, block.to_string())
        })
        .collect()
}

#[test]
fn readme_walkthroughs_print_what_they_show() {
    let mut blocks = Vec::new();
    for document in documents() {
        let text = std::fs::read_to_string(&document).expect("a document");
        blocks.extend(replayed_blocks(&text));
    }
    assert!(
        blocks.len() >= 3,
        "the documents have their replayed blocks"
    );
    let binary = assert_cmd::cargo::cargo_bin!("netaudit");
    let path = format!(
        "{}:{}",
        binary.parent().expect("binary folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (commands, shown) in blocks {
        let dir = Workdir::new();
        for entry in std::fs::read_dir(crate::common::sample_data()).expect("sample data") {
            let path = entry.expect("sample file").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            dir.write(
                &format!("sample-data/{name}"),
                std::fs::read(&path).expect("sample"),
            );
        }
        let mut transcript = String::new();
        for command in commands {
            let mut bash = std::process::Command::new("bash");
            bash.arg("-c").arg(format!("exec 2>&1; {command}"));
            let output = dir
                .environment(&mut bash)
                .env("PATH", &path)
                .output()
                .expect("run bash");
            transcript.push_str(&format!("$ {command}\n"));
            transcript.push_str(&String::from_utf8_lossy(&output.stdout));
        }
        assert_eq!(transcript, shown);
    }
}

/// DESIGN.md's map names every file under `src/`, and nothing that is not in the tree: a
/// file added or moved without its line fails here.
#[test]
fn the_design_map_names_every_source_file_and_nothing_else() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let design = std::fs::read_to_string(root.join("DESIGN.md")).expect("DESIGN.md");
    let map = design
        .split("## The map")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("a fenced map under \"## The map\"");
    // Each line is a name, indented under its folder; a deeper indent continues the
    // description of the line before.
    let mut folders: Vec<(usize, String)> = Vec::new();
    let mut named = std::collections::BTreeSet::new();
    for line in map.lines().filter(|line| !line.trim().is_empty()) {
        let indent = line.len() - line.trim_start().len();
        if indent >= 20 {
            continue;
        }
        let name = line.split_whitespace().next().expect("a name");
        while folders.last().is_some_and(|(depth, _)| *depth >= indent) {
            folders.pop();
        }
        let path = match folders.last() {
            Some((_, folder)) => format!("{folder}{name}"),
            None => name.to_string(),
        };
        if name.ends_with('/') {
            folders.push((indent, path.clone()));
        }
        named.insert(path);
    }
    for path in &named {
        assert!(
            root.join(path).exists(),
            "DESIGN.md names {path}, which is not in the tree"
        );
    }
    let mut pending = vec![root.join("src")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            let relative = path.strip_prefix(root).expect("under the root");
            let relative = relative.to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                assert!(
                    named.contains(&format!("{relative}/")),
                    "DESIGN.md's map lacks {relative}/"
                );
                pending.push(path);
            } else {
                assert!(
                    named.contains(&relative),
                    "DESIGN.md's map lacks {relative}"
                );
            }
        }
    }
}
