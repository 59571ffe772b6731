//! How sure the report says it is, held to simulated groups whose true rates are known:
//! their logs are written, the report is run on them, and its `score_low`..`score_high`
//! must hold the true long-run score for about 80 percent of them, and the groups given a
//! `chance_stay` in each tenth must truly pay about that often (docs/scoring.md, "How
//! sure").
//!
//! Each simulated user keeps five groups, for 12 months or (half the users) 6. A group
//! costs 3 to 10 hours a month and up to $150 of dues; it brings leads at a rate per hour
//! from 0.02 to 0.5 (even on a log scale), each closing with a chance drawn from Beta(2,
//! 4); its deals are log-normal with a spread σ from 0.3 to 1.5, their mean the user's own
//! (from $300 to $10,000, even on a log scale) varied by the group (log-spread 0.3): one
//! user sells one thing. A lead of the last month is still open half the time; every other
//! one has closed, as a deal or lost, in its month.

use crate::common::{Workdir, run};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution, LogNormal, Poisson};
use std::fmt::Write as _;

const USERS: usize = 400;
const GROUPS: usize = 5;
/// The report month; the log's months are the window's last 12 or 6 before it.
const TODAY: &str = "2026-11-01";

/// A simulated group: its name, its log rows, and its true long-run score.
struct Simulated {
    name: String,
    rows: String,
    true_score: f64,
}

fn group(rng: &mut ChaCha8Rng, name: String, months: u32, user_value: f64) -> Simulated {
    let hours_a_month = rng.random_range(3.0..10.0);
    let dues = rng.random_range(0.0..150.0);
    let lead_rate: f64 = rng.random_range(0.02f64.ln()..0.5f64.ln()).exp();
    let close_rate: f64 = Beta::new(2.0, 4.0).unwrap().sample(rng);
    let sigma: f64 = rng.random_range(0.3..1.5);
    let mean_value = user_value * LogNormal::new(0.0, 0.3).unwrap().sample(rng);
    let value = LogNormal::new(mean_value.ln() - sigma * sigma / 2.0, sigma).unwrap();
    let mut rows = String::new();
    let (mut hours, mut cost) = (0.0, 0.0);
    for month in 0..months {
        // 2025-11 (or 2026-05) to 2026-10.
        let index = 2026 * 12 + 9 - (months - 1 - month) as i32;
        let date = format!("{}-{:02}", index / 12, index % 12 + 1);
        let worked = (hours_a_month * 4.0_f64).round() / 4.0;
        let paid = (dues * 100.0_f64).round() / 100.0;
        (hours, cost) = (hours + worked, cost + paid);
        let _ = writeln!(rows, "{date}-05,{name},4,{worked},{paid},,,,");
        let leads = Poisson::new(lead_rate * worked).unwrap().sample(rng) as u64;
        for _ in 0..leads {
            let _ = writeln!(rows, "{date}-12,{name},,,,1,,,");
            if month + 1 == months && rng.random_bool(0.5) {
                continue;
            }
            if rng.random_bool(close_rate) {
                let won = (value.sample(rng) * 100.0).round() / 100.0;
                let _ = writeln!(rows, "{date}-20,{name},,,,,1,{won:.2},");
            } else {
                let _ = writeln!(rows, "{date}-20,{name},,,,,,,1");
            }
        }
    }
    Simulated {
        name,
        rows,
        true_score: lead_rate * hours * close_rate * mean_value / (cost + hours * 100.0),
    }
}

/// What the report said of each group, with its true score.
struct Judged {
    true_score: f64,
    low: f64,
    high: f64,
    chance: f64,
}

fn simulate(seed: u64) -> Vec<Judged> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = Workdir::new();
    let mut judged = Vec::new();
    for user in 0..USERS {
        let months = if user % 2 == 0 { 12 } else { 6 };
        let user_value = rng.random_range(300f64.ln()..10_000f64.ln()).exp();
        let groups: Vec<Simulated> = (0..GROUPS)
            .map(|index| group(&mut rng, format!("Group {index}"), months, user_value))
            .collect();
        let mut log = String::from("date,group,meetings,hours,cost,leads,deals,revenue,lost\n");
        groups.iter().for_each(|group| log.push_str(&group.rows));
        dir.write("log.csv", &log);
        let out = run(&mut dir.netaudit(&[
            "report",
            "log.csv",
            "--today",
            TODAY,
            "-O",
            "csv",
            "--min-months",
            "1",
            "--min-meetings",
            "1",
        ]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
        let header = reader.headers().expect("header").clone();
        let at = |name: &str| header.iter().position(|field| field == name).expect(name);
        let (group_at, low_at, high_at, chance_at) = (
            at("group"),
            at("score_low"),
            at("score_high"),
            at("chance_stay"),
        );
        for record in reader.records() {
            let record = record.expect("record");
            let truth = (groups.iter())
                .find(|group| group.name == record[group_at])
                .expect("a simulated group");
            let number = |index: usize| record[index].parse::<f64>().expect("a figure");
            judged.push(Judged {
                true_score: truth.true_score,
                low: number(low_at),
                high: number(high_at),
                chance: number(chance_at),
            });
        }
    }
    judged
}

#[test]
fn the_range_and_the_chance_say_what_simulated_groups_truly_do() {
    for seed in [1, 2, 3, 4] {
        let judged = simulate(seed);
        assert!(judged.len() >= USERS * GROUPS * 9 / 10, "{}", judged.len());
        let within = (judged.iter())
            .filter(|group| group.low <= group.true_score && group.true_score <= group.high)
            .count() as f64
            / judged.len() as f64;
        assert!(
            (0.76..=0.84).contains(&within),
            "seed {seed}: the range held {within:.3} of the true scores"
        );
        for tenth in 0..10 {
            let chances: Vec<&Judged> = (judged.iter())
                .filter(|group| ((group.chance * 10.0) as usize).min(9) == tenth)
                .collect();
            if chances.len() < 20 {
                continue;
            }
            let count = chances.len() as f64;
            let mean = chances.iter().map(|group| group.chance).sum::<f64>() / count;
            let paid = chances
                .iter()
                .filter(|group| group.true_score >= 1.0)
                .count() as f64;
            let error = (mean * (1.0 - mean) / count).sqrt().max(0.5 / count);
            assert!(
                (paid / count - mean).abs() <= 2.5 * error,
                "seed {seed}: of {count} groups given a chance near {mean:.2}, {:.2} pay",
                paid / count
            );
        }
    }
}

#[test]
fn a_longer_window_at_the_same_rates_narrows_the_range() {
    // A lead in 6 hours, a deal in three leads, every month of two years alike.
    let dir = Workdir::new();
    let mut log = format!("{}\n", crate::common::HEADER);
    for month in 0..24 {
        let (year, month) = (2024 + month / 12, month % 12 + 1);
        writeln!(log, "{year}-{month:02}-05,Club,2,6,50,1,,,,,").unwrap();
        if month % 3 == 0 {
            writeln!(log, "{year}-{month:02}-20,Club,,,,,1,2400,,,").unwrap();
        }
    }
    dir.write("log.csv", log);
    let range = |window: &str| {
        let output = run(dir
            .netaudit(&["report", "log.csv", "--today", "2025-12-31", "-O", "json"])
            .args(["--window", window]));
        let report: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        let (low, high) = (&report[0]["score_low"], &report[0]["score_high"]);
        (low.as_f64().expect("low"), high.as_f64().expect("high"))
    };
    let (six, twelve) = (range("6"), range("12"));
    assert!(
        twelve.1 - twelve.0 < six.1 - six.0,
        "12 months {twelve:?}, 6 months {six:?}"
    );
}
