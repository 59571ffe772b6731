//! Help, version, completions and the manual page, all generated from the clap definitions.

use crate::common::{Workdir, run, succeeds};

const COMMANDS: [&str; 7] = [
    "report",
    "trend",
    "log",
    "check",
    "init",
    "completions",
    "man",
];

#[test]
fn every_help_has_examples_and_the_main_ones_list_exit_statuses() {
    let dir = Workdir::new();
    let main = succeeds(&mut dir.netaudit(&["--help"]));
    assert!(
        main.contains("Examples:") && main.contains("Exit status:"),
        "{main}"
    );
    assert!(main.contains("1  report --fail-on"), "{main}");
    for command in COMMANDS {
        let help = succeeds(&mut dir.netaudit(&[command, "--help"]));
        assert!(
            help.contains("\nExamples:\n  netaudit "),
            "{command}: {help}"
        );
    }
    for command in ["report", "trend", "log", "check", "init"] {
        let help = succeeds(&mut dir.netaudit(&[command, "--help"]));
        assert!(help.contains("Exit status:\n  0  "), "{command}: {help}");
        assert!(help.contains("\n  2  "), "{command}: {help}");
    }
    let report = succeeds(&mut dir.netaudit(&["report", "--help"]));
    assert!(report.contains("\n  1  --fail-on"), "{report}");
}

/// The main help and the README's table say the same of each exit status: what
/// `netaudit::exit` says.
#[test]
fn the_help_and_the_readme_give_the_exit_statuses_the_binary_uses() {
    let dir = Workdir::new();
    let main = succeeds(&mut dir.netaudit(&["--help"]));
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    for status in netaudit::exit::ExitStatus::ALL {
        let (code, meaning) = (status.code(), status.meaning());
        assert!(main.contains(&format!("\n  {code}  {meaning}\n")), "{main}");
        assert!(
            readme.contains(&format!("\n| {code} | {meaning} |\n")),
            "{code}"
        );
    }
    let usage = run(&mut dir.netaudit(&["report", "--no-such-flag"]));
    assert_eq!(
        usage.code,
        i32::from(netaudit::exit::ExitStatus::Failed.code())
    );
}

#[test]
fn version_is_the_crate_s() {
    let dir = Workdir::new();
    let expected = format!("netaudit {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(succeeds(&mut dir.netaudit(&["--version"])), expected);
    assert_eq!(succeeds(&mut dir.netaudit(&["-V"])), expected);
}

#[test]
fn bash_completions_are_valid_bash_and_know_every_command_and_flag() {
    let dir = Workdir::new();
    let script = succeeds(&mut dir.netaudit(&["completions", "bash"]));
    let path = dir.write("netaudit.bash", &script);
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("run bash");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    for word in COMMANDS.iter().chain(&[
        "--fail-on",
        "--output-file",
        "--append",
        "--excel",
        "--metric",
    ]) {
        assert!(script.contains(word), "{word}");
    }
    assert!(script.contains("leave watch"), "--fail-on's values");
    assert!(
        script.contains("score hours leads deals revenue cost meetings"),
        "--metric's values"
    );
}

#[test]
fn zsh_and_fish_completions_name_the_commands() {
    let dir = Workdir::new();
    let zsh = succeeds(&mut dir.netaudit(&["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef netaudit"));
    assert!(zsh.contains("'--fail-on=[Exit 1 when any group"), "{zsh}");
    let fish = succeeds(&mut dir.netaudit(&["completions", "fish"]));
    assert!(fish.contains("complete -c netaudit"));
    assert!(fish.contains("-l metric"), "{fish}");
    let usage = run(&mut dir.netaudit(&["completions", "tcsh"]));
    assert_eq!(usage.code, 2);
}

#[test]
fn man_pages_come_from_the_same_definitions() {
    let dir = Workdir::new();
    let main = succeeds(&mut dir.netaudit(&["man"]));
    assert!(main.contains(".TH netaudit 1"), "{main}");
    assert!(main.contains("report"), "lists the commands");
    let report = succeeds(&mut dir.netaudit(&["man", "report"]));
    assert!(
        report.contains(".TH netaudit\\-report 1") || report.contains(".TH netaudit-report 1"),
        "{report}"
    );
    assert!(report.contains("fail\\-on"), "{report}");
    assert!(report.contains("Exit status:"), "{report}");
    let missing = run(&mut dir.netaudit(&["man", "nope"]));
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stdout, "");
    assert!(
        missing
            .stderr
            .contains("netaudit has no command \"nope\"; there are pages for report, trend,")
    );
}
