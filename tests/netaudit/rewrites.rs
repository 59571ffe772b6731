//! Whole-file rewrites (`rename`, `import` adding its `source` column, `--append` replacing
//! a month) killed at many moments, with the file hard-linked, of another owner, and
//! neither: the next netaudit to open the file finds exactly the old file or exactly the
//! new one, under every name.

use crate::common::{HEADER, Workdir, run};
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What keeps a rewrite from renaming a new file over the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ties {
    /// Nothing: the new file is renamed over the old.
    None,
    /// A second name, as a backup tool's snapshot would keep.
    HardLink,
    /// The file is root's, and netaudit runs as another user, who may write it but cannot
    /// give a new file to root.
    Owner,
}

/// The user the [`Ties::Owner`] runs are made as.
const OTHER_USER: &str = "4321";

/// Whether this test runs as root with `setpriv` at hand, so that it can run netaudit as
/// another user on a file of root's.
fn can_run_as_another_user() -> bool {
    let dir = Workdir::new();
    let probe = dir.write("probe", "");
    let is_root = std::fs::metadata(probe).is_ok_and(|probe| probe.uid() == 0);
    is_root
        && Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
}

/// One command that rewrites `file` whole, and the files it runs among.
struct Case {
    file: &'static str,
    before: Vec<u8>,
    others: Vec<(&'static str, Vec<u8>)>,
    args: Vec<&'static str>,
}

impl Case {
    fn folder(&self, ties: Ties) -> Workdir {
        let dir = Workdir::new();
        for (name, contents) in &self.others {
            dir.write(name, contents);
        }
        let path = dir.write(self.file, &self.before);
        match ties {
            Ties::None => {}
            Ties::HardLink => {
                std::fs::hard_link(&path, dir.path().join("snapshot")).expect("hard link");
            }
            Ties::Owner => {
                for (path, mode) in [(dir.path().to_path_buf(), 0o777), (path, 0o666)] {
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
                        .expect("set mode");
                }
            }
        }
        dir
    }

    /// The command, to run in `dir`: as another user for [`Ties::Owner`].
    fn process(&self, dir: &Workdir, ties: Ties) -> Command {
        if ties != Ties::Owner {
            return dir.process(&self.args);
        }
        let mut command = Command::new("setpriv");
        command
            .arg(format!("--reuid={OTHER_USER}"))
            .arg(format!("--regid={OTHER_USER}"))
            .arg("--clear-groups")
            .arg(assert_cmd::cargo::cargo_bin!("netaudit"))
            .args(&self.args);
        dir.environment(&mut command);
        command
    }

    /// What the command leaves when nothing stops it, and how long it takes.
    fn finished(&self, ties: Ties) -> (Vec<u8>, Duration) {
        let dir = self.folder(ties);
        let started = Instant::now();
        let output = self.process(&dir, ties).output().expect("run");
        let took = started.elapsed();
        assert!(
            output.status.success(),
            "{:?}: {}",
            self.args,
            String::from_utf8_lossy(&output.stderr)
        );
        (read(&dir, self.file), took)
    }
}

fn read(dir: &Workdir, name: &str) -> Vec<u8> {
    std::fs::read(dir.path().join(name)).expect("read")
}

/// Waits until the run has begun writing over the file: its record of the write is there,
/// or the file's first bytes are no longer `before`'s (a write without a record), or the
/// run has ended.
fn wait_for_the_write(dir: &Workdir, case: &Case, child: &mut Child) {
    let record = dir.path().join(format!(".{}.netaudit-rewrite", case.file));
    let path = dir.path().join(case.file);
    let mut first = vec![0; 4096.min(case.before.len())];
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if record.exists() || matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        if let Ok(file) = std::fs::File::open(&path)
            && file.read_exact_at(&mut first, 0).is_ok()
            && first[..] != case.before[..first.len()]
        {
            return;
        }
    }
}

/// Kills `case`'s command again and again for `budget`, half the time just after it starts
/// writing over the file, half at a moment spread over its whole run; after each kill a
/// netaudit opens the file (`check`) and it must be exactly the old or the new one, the
/// same file with the same names and owner. Returns how many kills left a write over the
/// file that the next run finished.
fn kill_again_and_again(case: &Case, ties: Ties, budget: Duration) -> usize {
    let (after, took) = case.finished(ties);
    assert_ne!(after, case.before, "the command changes the file");
    let took = took.as_micros().max(1) as u64;
    let started = Instant::now();
    let (mut runs, mut finished, mut ended_old, mut ended_new) = (0u64, 0, 0, 0);
    // Past the budget it goes on while no kill has landed in a write over the file, for a
    // while: on a busy machine the moments after the write begins are easily missed.
    let written_over = ties != Ties::None;
    let keep_on = |runs: u64, finished: usize| {
        let elapsed = started.elapsed();
        elapsed < budget || runs < 6 || (written_over && finished == 0 && elapsed < budget * 4)
    };
    while keep_on(runs, finished) {
        let dir = case.folder(ties);
        let path = dir.path().join(case.file);
        let inode = std::fs::metadata(&path).expect("metadata").ino();
        let mut child = case
            .process(&dir, ties)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        if runs.is_multiple_of(2) {
            wait_for_the_write(&dir, case, &mut child);
            let after_it_begins = [0, 0, 100, 300, 700, 1500];
            std::thread::sleep(Duration::from_micros(
                after_it_begins[(runs / 2) as usize % after_it_begins.len()],
            ));
        } else {
            std::thread::sleep(Duration::from_micros(runs * 7919 % took));
        }
        let _ = child.kill();
        let _ = child.wait();
        runs += 1;

        let opened = run(&mut dir.netaudit(&["check", "-q", case.file]));
        let got = read(&dir, case.file);
        let differs_at = got
            .iter()
            .zip(&case.before)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(case.before.len()));
        assert!(
            got == case.before || got == after,
            "{:?}, {ties:?}, run {runs}: the file is neither the old ({} bytes) nor the \
             new ({} bytes) but {} bytes, first unlike the old at byte {differs_at}; {}",
            case.args,
            case.before.len(),
            after.len(),
            got.len(),
            opened.stderr
        );
        if got == after {
            ended_new += 1;
        } else {
            ended_old += 1;
        }
        if opened
            .stderr
            .contains("was stopped while writing the file over in place")
        {
            assert!(
                opened.stderr.contains(&format!(
                    "{}: an earlier netaudit was stopped while writing the file over in place \
                     (it has other hard links, or another owner); the new contents it had kept \
                     whole beside it were written in full now",
                    case.file
                )),
                "{}",
                opened.stderr
            );
            assert_eq!(got, after, "a finished write leaves the new file");
            finished += 1;
        }
        let now = std::fs::metadata(&path).expect("metadata");
        match ties {
            Ties::None => assert_eq!(now.nlink(), 1),
            Ties::HardLink => {
                assert_eq!(
                    read(&dir, "snapshot"),
                    got,
                    "the other name sees the same file"
                );
                assert_eq!((now.nlink(), now.ino()), (2, inode));
            }
            Ties::Owner => assert_eq!((now.uid(), now.ino()), (0, inode)),
        }
        // Reading finishes or forgets every record; only a temporary file the next write
        // takes over may stay, and the record of a finished import that `import --undo`
        // reads (checked against the file before it is used).
        let temporary = format!(".{}.netaudit-tmp", case.file);
        let undo_import = format!(".{}.netaudit-undo-import", case.file);
        for name in dir.files() {
            assert!(
                !name.contains(".netaudit-") || name == temporary || name == undo_import,
                "{name} left after run {runs}"
            );
        }
    }
    assert!(
        ended_old + ended_new == runs,
        "every run ended old or new: {ended_old} + {ended_new} of {runs}"
    );
    finished
}

/// A history of reports, its first records of the month the report writes again, longer
/// than the report's own so that the new file is shorter, then older months.
fn report_case() -> Case {
    let dir = Workdir::new();
    dir.write("activity.csv", ACTIVITY);
    let csv = run(&mut dir.netaudit(&["report", "activity.csv", "-O", "csv", "--today", TODAY]));
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let header = csv.stdout.lines().next().expect("header");
    let fields = header.split(',').count();
    let stale = format!(
        "2026-10,Harbor City BNI{}\"{}\"\n",
        ",".repeat(fields - 2),
        "a stale reason ".repeat(200)
    );
    let old = format!("2025-01,Harbor City BNI{}\n", ",1".repeat(fields - 2));
    let mut history = format!("{header}\n{stale}");
    while history.len() < 2_000_000 {
        history.push_str(&old);
    }
    Case {
        file: "history.csv",
        before: history.into_bytes(),
        others: vec![("activity.csv", ACTIVITY.as_bytes().to_vec())],
        args: vec![
            "report",
            "activity.csv",
            "-q",
            "-o",
            "history.csv",
            "--append",
            "--today",
            TODAY,
        ],
    }
}

const TODAY: &str = "2026-11-02";
const ACTIVITY: &str = "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n\
    2026-10-01,Harbor City BNI,1,1.5,18,,,,,,\n";

/// A log of a million bytes whose group "Old Group" is in its first rows and throughout.
fn long_log() -> Vec<u8> {
    let mut log = format!("{HEADER}\n");
    let mut row = 0;
    while log.len() < 1_000_000 {
        let group = ["Old Group", "Other Group"][row % 2];
        log.push_str(&format!(
            "2026-{:02}-{:02},{group},1,1.5,18,,,,,,pad the row {row}\n",
            1 + row % 12,
            1 + row % 28
        ));
        row += 1;
    }
    log.into_bytes()
}

fn rename_case() -> Case {
    Case {
        file: "log.csv",
        before: long_log(),
        others: vec![],
        args: vec![
            "rename",
            "Old Group",
            "New Name Longer",
            "--file",
            "log.csv",
        ],
    }
}

fn import_case() -> Case {
    let toggl = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n\
        Dana Reyes,dana@example.com,Old Group,Networking,,Weekly meeting,No,2026-10-06,07:00:00,2026-10-06,08:30:00,01:30:00,,\n";
    Case {
        file: "log.csv",
        before: long_log(),
        others: vec![("toggl.csv", toggl.as_bytes().to_vec())],
        args: vec![
            "import",
            "toggl",
            "toggl.csv",
            "--file",
            "log.csv",
            "--group",
            "Old Group",
            "--to",
            "2026-11-01",
        ],
    }
}

/// A CRM's deals, which give the log its client, contact and lost columns.
fn deals_case() -> Case {
    let deals = "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company\n\
        1,Refit,Closed Won,4000,2026-10-20,2026-10-02,Acme Kitchens\n\
        2,Audit,Closed Lost,900,2026-10-21,2026-10-03,Cole Law\n";
    Case {
        file: "log.csv",
        before: long_log(),
        others: vec![("deals.csv", deals.as_bytes().to_vec())],
        args: vec![
            "import",
            "hubspot",
            "deals.csv",
            "--file",
            "log.csv",
            "--group",
            "Old Group",
            "--to",
            "2026-11-01",
        ],
    }
}

#[test]
fn a_killed_import_of_deals_leaves_the_old_log_or_the_new() {
    kill_again_and_again(&deals_case(), Ties::None, Duration::from_secs(1));
}

#[test]
fn a_killed_append_that_replaces_a_month_leaves_the_old_history_or_the_new() {
    let case = report_case();
    let finished = kill_again_and_again(&case, Ties::HardLink, Duration::from_secs(3));
    assert!(
        finished > 0,
        "no kill landed while the file was written over"
    );
    kill_again_and_again(&case, Ties::None, Duration::from_secs(1));
}

#[test]
fn a_killed_rename_leaves_the_old_log_or_the_new() {
    let case = rename_case();
    let finished = kill_again_and_again(&case, Ties::HardLink, Duration::from_secs(2));
    assert!(
        finished > 0,
        "no kill landed while the file was written over"
    );
    kill_again_and_again(&case, Ties::None, Duration::from_millis(500));
}

#[test]
fn a_killed_import_that_adds_its_column_leaves_the_old_log_or_the_new() {
    let case = import_case();
    let finished = kill_again_and_again(&case, Ties::HardLink, Duration::from_secs(2));
    assert!(
        finished > 0,
        "no kill landed while the file was written over"
    );
}

#[test]
fn a_killed_rewrite_of_another_user_s_file_leaves_it_old_or_new_and_theirs() {
    if !can_run_as_another_user() {
        eprintln!("skipped: runs only as root, with setpriv, to run netaudit as another user");
        return;
    }
    let case = report_case();
    let finished = kill_again_and_again(&case, Ties::Owner, Duration::from_secs(2));
    assert!(
        finished > 0,
        "no kill landed while the file was written over"
    );
}
