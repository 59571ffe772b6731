//! The README's walkthroughs are replayed as written: each block marked for replay runs,
//! command by command, in a folder of its own holding only a copy of `sample-data/`, and
//! must print exactly what the README shows.

use crate::common::Workdir;
use std::path::Path;

const MARKER: &str = "<!-- replayed by tests/readme.rs in a folder with sample-data/ -->";

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
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let blocks = replayed_blocks(&readme);
    assert!(!blocks.is_empty(), "the README has a replayed block");
    let binary = assert_cmd::cargo::cargo_bin!("netaudit");
    let path = format!(
        "{}:{}",
        binary.parent().expect("binary folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (commands, shown) in blocks {
        let dir = Workdir::new();
        for name in ["activity.csv", "netaudit.toml"] {
            let sample =
                std::fs::read(crate::common::sample_data().join(name)).expect("sample data");
            dir.write(&format!("sample-data/{name}"), sample);
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
