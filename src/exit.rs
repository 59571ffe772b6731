//! The exit statuses, in one place: `main` returns them, and the help text and the README
//! say what they mean in the words written here.

/// How a run ended, as its exit status says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Done,
    /// `report --fail-on` found a group at that verdict or worse.
    DecisionDue,
    /// Bad input, a bad config, bad usage, or problems `check` listed.
    Failed,
}

impl ExitStatus {
    pub const ALL: [ExitStatus; 3] = [
        ExitStatus::Done,
        ExitStatus::DecisionDue,
        ExitStatus::Failed,
    ];

    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Done => 0,
            ExitStatus::DecisionDue => 1,
            ExitStatus::Failed => 2,
        }
    }

    /// What the status means, for every command at once.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Done => "done; for check, no problem found (warnings alone do not fail it)",
            ExitStatus::DecisionDue => {
                "report --fail-on: a group's verdict is the one named or worse (the report is \
                 still written)"
            }
            ExitStatus::Failed => {
                "bad input, a bad config file or bad usage (nothing was written), or problems \
                 check listed"
            }
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> std::process::ExitCode {
        std::process::ExitCode::from(status.code())
    }
}

/// The "Exit status" section of `netaudit --help`, from [`ExitStatus::meaning`].
pub fn help_section() -> String {
    let mut text = String::from("Exit status:");
    for status in ExitStatus::ALL {
        text.push_str(&format!("\n  {}  {}", status.code(), status.meaning()));
    }
    text
}
