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

/// The most memory any input file of up to 10 MB may make a command use, in KiB.
pub const SMALL_FILE_LIMIT_KIB: u64 = 256 * 1024;

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
        self.limited_to(MEMORY_LIMIT_KIB, args)
    }

    /// [`Workdir::process`] under a hard limit of `kib` KiB of address space.
    pub fn limited_to(&self, kib: u64, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new("bash");
        command
            .arg("-c")
            .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
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

/// The eight rows BNI Connect writes above a Chapter Summary PALMS report's header, as it
/// lays them out: every label a cell merged across columns (`ss:MergeAcross`), the title
/// across A to M; `Running User`, `Run At`, `Country`, `Region` and `Chapter` a row of
/// labels at columns A, D, G, K and N with their values in the row below at the same
/// columns; `Parameters` across the sheet; then `Chapter:`, `From:`, `To:` and `Flags:`
/// each in column A merged across A to H, with its value in column I merged across I to P,
/// the dates typed `DateTime`.
pub fn preamble(from: &str, to: &str) -> String {
    let cell = |column: u32, across: u32, kind: &str, value: &str| {
        format!(
            "<Cell ss:Index=\"{column}\" ss:MergeAcross=\"{across}\"><Data ss:Type=\"{kind}\">{value}</Data></Cell>"
        )
    };
    let at = |column: u32, across: u32, value: &str| cell(column, across, "String", value);
    let row = |cells: String| format!("<Row>{cells}</Row>\r");
    let labelled = |label: &str, value: String| row(at(1, 7, label) + &value);
    let day = |day: &str| cell(9, 7, "DateTime", &format!("{day}T00:00:00"));
    [
        row(at(1, 12, "Chapter ► Summary PALMS Report") + &at(14, 2, "")),
        row(at(1, 2, "Running User")
            + &at(4, 2, "Run At")
            + &at(7, 3, "Country")
            + &at(11, 2, "Region")
            + &at(14, 2, "Chapter")),
        row(at(1, 2, "Dana Reyes")
            + &cell(4, 2, "DateTime", &format!("{to}T09:00:00"))
            + &at(7, 3, "United States")
            + &at(11, 2, "Coast")
            + &at(14, 2, "Harbor City")),
        row(at(1, 15, "Parameters")),
        labelled("Chapter:", at(9, 7, "Harbor City")),
        labelled("From:", day(from)),
        labelled("To:", day(to)),
        labelled("Flags:", at(9, 7, "Include Dropped Members")),
    ]
    .concat()
}

/// A member's figures in the report's order: P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU.
pub type Figures = [u64; 13];

/// A Chapter Summary PALMS report as BNI Connect exports it: SpreadsheetML under a .xls
/// name, CR line ends, `ss:Index` gaps (a 0 is left out, as BNI leaves cells out), RGI
/// spanning two header cells, the eight rows before the header when there is a `period`
/// (see [`preamble`]), and the Visitors, BNI and Total rows.
pub fn palms(period: Option<(&str, &str)>, members: &[(&str, &str, Figures)]) -> String {
    let text = |value: &str| format!("<Cell><Data ss:Type=\"String\">{value}</Data></Cell>");
    let row = |cells: String| format!("<Row>{cells}</Row>\r");
    let member = |first: &str, last: &str, figures: &Figures| {
        let mut cells = text(first) + &text(last);
        for (index, figure) in figures.iter().enumerate() {
            // RGI spans columns 8 and 9, so the figures after it skip one.
            let column = if index < 6 { index + 3 } else { index + 4 };
            let merge = if index == 5 {
                " ss:MergeAcross=\"1\""
            } else {
                ""
            };
            let value = if index == 11 {
                format!("{figure}.00")
            } else {
                figure.to_string()
            };
            if *figure != 0 || index == 5 {
                cells.push_str(&format!(
                    "<Cell ss:Index=\"{column}\"{merge}><Data ss:Type=\"Number\">{value}</Data></Cell>"
                ));
            }
        }
        row(cells)
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r<?mso-application progid=\"Excel.Sheet\"?>\r\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\r\
         <Worksheet ss:Name=\"Report\"><Table>\r",
    );
    if let Some((from, to)) = period {
        xml += &preamble(from, to);
    }
    let mut header = String::new();
    for name in ["First Name", "Last Name", "P", "A", "L", "M", "S"] {
        header += &text(name);
    }
    header += "<Cell ss:MergeAcross=\"1\"><Data ss:Type=\"String\">RGI</Data></Cell>";
    header += "<Cell ss:Index=\"10\"><Data ss:Type=\"String\">RGO</Data></Cell>";
    for name in ["RRI", "RRO", "V", "1-2-1", "TYFCB", "CEU"] {
        header += &text(name);
    }
    xml += &row(header);
    for (first, last, figures) in members {
        xml += &member(first, last, figures);
    }
    xml += &member("Visitors", "", &[3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    xml += &member("BNI", "", &[0; 13]);
    xml += &member("Total", "", &[0; 13]);
    xml + "</Table></Worksheet></Workbook>\r"
}
