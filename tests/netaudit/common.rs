//! Shared helpers: each test gets its own folder, and the binary runs in it
//! with no config from the machine it runs on.

#![allow(dead_code)] // each test file uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The date the tests run as (`--today`), unless a test needs another.
pub const TODAY: &str = "2026-11-01";

pub const HEADER: &str =
    "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note";

/// Address space allowed to the binary in the memory-limited runs, in KiB: enough for the
/// program, nowhere near enough to hold a 100 MB field or a 100 MB history.
pub const MEMORY_LIMIT_KIB: u64 = 64 * 1024;

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The names of the files in this folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .expect("list folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// The binary, run in this folder, with XDG_CONFIG_HOME and HOME inside it, as a
    /// process to spawn, signal or give a stdout of its own.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("netaudit"));
        self.environment(&mut command).args(args);
        command
    }

    /// `command` set to run in this folder, with XDG_CONFIG_HOME and HOME inside it and
    /// no NO_COLOR: the one environment every test runs netaudit in.
    pub fn environment<'a>(
        &self,
        command: &'a mut std::process::Command,
    ) -> &'a mut std::process::Command {
        command
            .current_dir(self.path())
            .env("XDG_CONFIG_HOME", self.path().join("xdg"))
            .env("HOME", self.path())
            .env_remove("NO_COLOR")
    }

    /// [`Workdir::process`] under a hard memory limit ([`MEMORY_LIMIT_KIB`] of address
    /// space), through bash's `ulimit`.
    pub fn limited(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new("bash");
        command
            .arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
            ))
            .arg(assert_cmd::cargo::cargo_bin!("netaudit"))
            .args(args);
        self.environment(&mut command);
        command
    }

    /// Runs [`Workdir::limited`]; returns (exit code, stdout, stderr).
    pub fn run_limited(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.limited(args).output().expect("run bash");
        (
            output
                .status
                .code()
                .expect("exited, not killed by a signal"),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The binary, run in this folder, with XDG_CONFIG_HOME and HOME inside it.
    pub fn netaudit(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }
}

pub fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(command: &mut Command) -> Output {
    let output = command.output().expect("run netaudit");
    Output {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs and expects success with nothing on stderr; returns stdout.
pub fn succeeds(command: &mut Command) -> String {
    let output = run(command);
    assert_eq!(output.code, 0, "stderr: {}", output.stderr);
    assert_eq!(output.stderr, "", "stderr should be empty");
    output.stdout
}

/// Runs and expects exit 2, an empty stdout, and one line on stderr holding each of `needles`.
pub fn fails_with(command: &mut Command, needles: &[&str]) -> String {
    let output = run(command);
    assert_eq!(
        output.code, 2,
        "stdout: {}\nstderr: {}",
        output.stdout, output.stderr
    );
    assert_eq!(output.stdout, "", "no partial report on stdout");
    assert_eq!(
        output.stderr.lines().count(),
        1,
        "one line on stderr: {}",
        output.stderr
    );
    for needle in needles {
        assert!(
            output.stderr.contains(needle),
            "stderr should contain {needle:?}:\n{}",
            output.stderr
        );
    }
    output.stderr
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), as a person at a shell
/// would, with NO_COLOR set to `no_color`; returns what the terminal shows.
pub fn on_a_terminal(args: &[&str], no_color: Option<&str>) -> String {
    on_a_terminal_of(200, args, no_color)
}

/// [`on_a_terminal`], on a terminal `columns` wide.
pub fn on_a_terminal_of(columns: u16, args: &[&str], no_color: Option<&str>) -> String {
    let binary = assert_cmd::cargo::cargo_bin!("netaudit");
    // A terminal of that width, whatever terminal (or none) runs the tests.
    let mut command = format!(
        "stty cols {columns} rows 50; COLUMNS={columns} {}",
        binary.display()
    );
    for arg in args {
        command.push_str(&format!(" '{}'", arg.replace('\'', r"'\''")));
    }
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script
        .output()
        .expect("util-linux `script` runs (see .ci/run)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}
