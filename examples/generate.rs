//! Writes a synthetic activity log for benchmarks: the documented schema, hundreds of
//! groups over ten years, dates in order, and what real logs hold besides plain numbers:
//! empty cells, group names and notes that need quotes, quotes doubled inside them, notes
//! over two lines, money written as `$4,800.50`, a group name written in another case, and
//! contacts, clients and lost leads on about 6,000 rows, whatever the log's length.
//!
//!     cargo run --release --example generate -- --rows 1000000 --seed 1 > bench-1m.csv
//!
//! The same seed and row count always write the same bytes, on any machine.

use clap::Parser;
use netaudit::activity::{Column, HAND_COLUMNS};
use std::io::{self, BufWriter};

#[derive(Parser)]
#[command(about = "Write a synthetic activity log to stdout")]
struct Args {
    /// How many rows to write, after the header.
    #[arg(long)]
    rows: u64,
    /// Picks the log: the same seed writes the same log.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many groups the rows name (at most 384); a few members' groups take half.
    #[arg(long, default_value_t = 384)]
    groups: usize,
    /// What a row holds: `sparse` (mostly empty cells, one figure a row, notes often,
    /// some over two lines) or `dense` (hours, cost and referrals on most meetings, money
    /// always as `$1,234.50`, short notes on one line).
    #[arg(long, value_enum, default_value_t = Mix::Sparse)]
    mix: Mix,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Mix {
    Sparse,
    Dense,
}

const PLACES: [&str; 24] = [
    "Harbor City",
    "Downtown",
    "Riverside",
    "Northgate",
    "Lakeview",
    "Old Town",
    "Westfield",
    "Eastbrook",
    "Hillcrest",
    "Maple Grove",
    "Springfield",
    "Fairview",
    "Oakridge",
    "Bayshore",
    "Cedar Falls",
    "Pinehurst",
    "Brookside",
    "Glenwood",
    "Stonebridge",
    "Ashford",
    "Millbrook",
    "Kingsport",
    "Silver Lake",
    "Woodlands",
];

/// Group kinds; `{}` is the place. Some names hold a comma or a quote, so they are quoted.
const KINDS: [&str; 16] = [
    "{} BNI",
    "{} Rotary Club",
    "Chamber of Commerce, {}",
    "{} Business Mixer",
    "{} Tech Founders Meetup",
    "Women in Sales Circle {}",
    "{} Lions Club",
    "{} Breakfast Referral Group",
    "{} Young Professionals",
    "{} Toastmasters",
    "The \"Early Birds\" of {}",
    "{} Real Estate Investors",
    "{} Small Business Alliance",
    "{} Marketing Mastermind",
    "{} Trades & Contractors Network",
    "{} Startup Coffee",
];

const NOTES: [&str; 12] = [
    "weekly breakfast",
    "lunch meeting",
    "gave a 10-minute presentation",
    "1:1 with a member",
    "visitor day",
    "annual dues",
    "intro to a founder",
    "deal closed",
    "panel on pricing, then drinks",
    "met \"Sam\" from the bank",
    "board meeting\nminutes to follow",
    "",
];

/// One row in every `rows / NAMED_ROWS` names a client, and its contact where it holds a
/// lead, when it holds a lead or a deal: about 6,000 rows, whatever the log's length.
const NAMED_ROWS: u64 = 20_000;

/// The people who refer leads, across all groups.
const CONTACTS: u64 = 150;

/// SplitMix64: a tiny generator whose output is fixed by its seed forever, so the data
/// behind a published figure can be written again byte for byte.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn money(cents: u64, with_sign: bool) -> String {
    let whole = cents / 100;
    let fraction = cents % 100;
    if !with_sign {
        return if fraction == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{fraction:02}")
        };
    }
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("${grouped}.{fraction:02}")
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let groups: Vec<String> = KINDS
        .iter()
        .flat_map(|kind| PLACES.iter().map(move |place| kind.replace("{}", place)))
        .take(args.groups.clamp(1, KINDS.len() * PLACES.len()))
        .collect();
    // Half the rows name a tenth of the groups (40 of the 384).
    let dominant = (groups.len() as u64 * 40 / 384).max(1);
    let mut random = SplitMix64(args.seed);
    let out = io::stdout().lock();
    let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, out));
    // The documented columns in their documented order, which each row below follows,
    // then who a row is about, and leads lost.
    let people = [Column::Contact, Column::Client, Column::Lost];
    writer.write_record(
        HAND_COLUMNS
            .iter()
            .chain(&people)
            .map(|column| column.name()),
    )?;
    // A person's clients and contacts do not grow with the rows a calendar import writes:
    // the rows that name someone are as many in a log of a million rows as of ten million.
    let named_every = (args.rows / NAMED_ROWS).max(1);

    // Ten years, 2016-11-01 to 2026-10-31, rows spread evenly so that dates never go back.
    let first = chrono::NaiveDate::from_ymd_opt(2016, 11, 1).expect("a real day");
    let days = 3652;
    for index in 0..args.rows {
        let date = first + chrono::Days::new(index * days / args.rows.max(1));
        // A few members' groups dominate a log, as in life: half the rows name one of 40.
        let group_index = if random.chance(50) {
            random.below(dominant)
        } else {
            random.below(groups.len() as u64)
        } as usize;
        let group = if random.chance(1) {
            groups[group_index].to_lowercase()
        } else {
            groups[group_index].clone()
        };
        let empty = String::new;
        let (mut meetings, mut hours, mut cost) = (empty(), empty(), empty());
        let (mut leads, mut deals, mut revenue) = (empty(), empty(), empty());
        let (mut referrals, mut other) = (empty(), empty());
        let dense = args.mix == Mix::Dense;
        match random.below(100) {
            // A meeting, perhaps with a lead or a referral given.
            0..=74 => {
                meetings = "1".to_string();
                hours = money(50 * (1 + random.below(6)), false);
                if dense {
                    cost = money(100 * random.below(40) + random.below(100), true);
                } else if random.chance(60) {
                    cost = money(100 * random.below(40), false);
                }
                if random.chance(15) {
                    leads = (1 + random.below(2)).to_string();
                }
                if dense && random.chance(70) {
                    referrals = (1 + random.below(3)).to_string();
                } else if !dense && random.chance(20) {
                    referrals = "1".to_string();
                }
            }
            // A deal closed, its revenue written with a sign and thousands half the time.
            75..=82 => {
                deals = "1".to_string();
                revenue = money(50_000 + random.below(2_000_000), dense || random.chance(50));
            }
            // Dues or a ticket.
            83..=89 => {
                cost = money(100 * (25 + random.below(1_200)), dense || random.chance(30));
            }
            // A lead from outside a meeting.
            90..=96 => leads = "1".to_string(),
            // Advice or visibility given a value.
            _ => other = money(100 * (50 + random.below(500)), dense),
        }
        let (mut contact, mut client, mut lost) = (empty(), empty(), empty());
        if index % named_every == 0 && (!leads.is_empty() || !deals.is_empty()) {
            // Clients come and go: a few new ones a month, each met for a season.
            let month = index * days / args.rows.max(1) / 30;
            client = format!("Client {}", month * 6 + random.below(12));
            if !leads.is_empty() {
                contact = format!("Member {}", random.below(CONTACTS));
                if random.chance(10) {
                    lost = "1".to_string();
                }
            }
        }
        let note = if dense && random.chance(20) {
            // One line, no quotes.
            NOTES[random.below(8) as usize]
        } else if !dense && random.chance(40) {
            NOTES[random.below(NOTES.len() as u64) as usize]
        } else {
            ""
        };
        writer.write_record([
            date.format("%Y-%m-%d").to_string(),
            group,
            meetings,
            hours,
            cost,
            leads,
            deals,
            revenue,
            referrals,
            other,
            note.to_string(),
            contact,
            client,
            lost,
        ])?;
    }
    writer.flush()
}
