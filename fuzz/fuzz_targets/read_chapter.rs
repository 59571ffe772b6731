//! Any file as a chapter summary (BNI's PALMS report, or the chapter summary CSV) and as a
//! file of slips (BNI's Slips Audit Report, or the slips CSV), read as `netaudit chapter`
//! reads them; as one member's slips, as `netaudit import slips` reads them; and as a
//! file of invoices, Stripe's payments, QuickBooks' sales or Xero's invoice lines, and as
//! HubSpot's or Pipedrive's deals, as `netaudit import` reads them: each is read or refused
//! with why, never a panic, a hang or memory without bound.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use netaudit::chapter::Connections;
use netaudit::sources::palms::Period;
use netaudit::sources::slips::{self, SlipRules};
use netaudit::config::{DealColumns, InvoiceColumns};
use netaudit::sources::deals::{self, Crm};
use netaudit::sources::imported::{DealStage, Evidence};
use netaudit::sources::chapter_summary;
use netaudit::sources::invoices::{self, Books, InvoiceForms};
use netaudit::sources::member_slips::{self, MemberSlips};
use std::path::PathBuf;
use std::sync::OnceLock;

/// One file per fuzzing process, written over for each input.
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("netaudit-fuzz-chapter-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = input_path();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date");
    let given = Period {
        from: Some(day("2026-04-01")),
        to: Some(day("2026-06-30")),
    };
    let names = match chapter_summary::read(path, "fuzz", None, None, given) {
        Ok(summary) => summary.members.iter().map(|line| line.name.clone()).collect(),
        Err(_) => vec!["Dana Reyes".to_string()],
    };
    let mut connections = Connections::new(&names);
    let rules = SlipRules {
        from: given.from.expect("a date"),
        to: given.to.expect("a date"),
        day_first: None,
    };
    let _ = slips::read(path, "fuzz", None, None, rules, &mut connections);
    let asked = MemberSlips {
        member: "Dana Reyes",
        from: None,
        to: None,
        last: day("2026-11-23"),
        day_first: None,
    };
    // An item per slip naming the member, each within the period and with an id.
    let _ = member_slips::read(path, "fuzz", None, None, &asked, &mut |item| {
        assert!(item.date <= asked.last && !item.id.is_empty());
        Ok(())
    });
    let columns = InvoiceColumns {
        date: "Date".to_string(),
        client: "Customer".to_string(),
        amount: "Total".to_string(),
        id: "Invoice".to_string(),
        currency: Some("Currency".to_string()),
        status: Some("Status".to_string()),
    };
    // An item per invoice or payment, each with an id.
    let forms = InvoiceForms::default();
    for books in [
        Books::invoices(&columns),
        Books::stripe(),
        Books::quickbooks(),
        Books::xero(true),
    ] {
        let _ = invoices::read(path, "fuzz", None, None, &books, &forms, &mut |item| {
            assert!(!item.id.is_empty());
            Ok(())
        });
    }
    // A lead per deal, and its end no earlier than it, each with an id.
    let mut created = None;
    for crm in [Crm::Hubspot, Crm::Pipedrive] {
        let columns = DealColumns::default();
        let _ = deals::read(path, "fuzz", None, None, crm, &columns, &forms, &mut |item| {
            assert!(!item.id.is_empty());
            match item.evidence {
                Evidence::Deal {
                    stage: DealStage::Open,
                    ..
                } => created = Some(item.date),
                _ => assert!(created.is_some_and(|created| created <= item.date)),
            }
            Ok(())
        });
    }
});
