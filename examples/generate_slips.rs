//! Writes a synthetic region for `netaudit chapter` benchmarks: a chapter summary CSV of
//! `--members` members over 26 weeks, and `--slips` slips among them (referrals, some from
//! outside the region, one-to-ones, thank-yous and CEUs), dated through the period.
//!
//!     cargo run --release --example generate_slips -- --slips 1000000 --members 2000 \
//!         --summary region.csv > region-slips.csv
//!
//! The same arguments always write the same bytes, on any machine.

use clap::Parser;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Write a synthetic region's slips to stdout, and its summary to --summary")]
struct Args {
    /// How many slips to write, after the header.
    #[arg(long)]
    slips: u64,
    /// How many members the region has.
    #[arg(long, default_value_t = 2000)]
    members: u64,
    /// Where to write the region's chapter summary CSV.
    #[arg(long)]
    summary: PathBuf,
}

const FIRST: [&str; 16] = [
    "Ada", "Ben", "Cy", "Di", "Eve", "Finn", "Gus", "Hana", "Ivo", "June", "Kofi", "Lea", "Mateo",
    "Nia", "Omar", "Pia",
];

/// A small, fixed pseudo-random sequence (xorshift), so that runs can be compared.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

fn member(index: u64) -> String {
    format!("{} Member{index}", FIRST[(index % 16) as usize])
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let mut random = Sequence(0x9E37_79B9_7F4A_7C15);
    let mut summary = BufWriter::new(std::fs::File::create(&args.summary)?);
    writeln!(
        summary,
        "member,present,absent,late,medical,substitute,referrals_given,referrals_received,\
         visitors,one_to_ones,ceus,closed_business"
    )?;
    for index in 0..args.members {
        let absent = random.below(4);
        writeln!(
            summary,
            "{},{},{absent},0,0,0,{},{},{},{},{},{}.00",
            member(index),
            26 - absent,
            random.below(40),
            random.below(40),
            random.below(6),
            random.below(30),
            random.below(30),
            random.below(50_000)
        )?;
    }
    summary.flush()?;

    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "date,from,to,type,amount")?;
    let kinds = ["referral", "referral", "one-to-one", "tyfcb", "ceu"];
    for _ in 0..args.slips {
        let day = 1 + random.below(180);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|start| start.checked_add_days(chrono::Days::new(day)))
            .unwrap_or_default();
        let kind = kinds[random.below(kinds.len() as u64) as usize];
        let from = match (kind, random.below(20)) {
            ("tyfcb", _) => String::new(),
            (_, 0) => "Someone Outside".to_string(),
            _ => member(random.below(args.members)),
        };
        let to = member(random.below(args.members));
        let amount = if kind == "tyfcb" {
            format!("{}.00", random.below(20_000))
        } else {
            String::new()
        };
        writeln!(out, "{date},{from},{to},{kind},{amount}")?;
    }
    out.flush()
}
