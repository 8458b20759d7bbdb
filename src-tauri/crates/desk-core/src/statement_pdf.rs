//! A monthly statement as a PDF: A4 pages in Helvetica, written with `pdf-writer` and the
//! receipts' building blocks ([`crate::receipt`]: the font encoding and the standard fonts, so
//! no font goes into the app or the file). The first page has the header (merchant, month,
//! currency, environment, time zone) and the opening total; the movements follow as a table
//! whose column titles repeat on every page; the closing total ends it; each page says its
//! number. Nothing in the file depends on when it is made: the same statement gives the same
//! bytes.

use desk_domain::{AmountLocale, Environment, Money};
use desk_i18n::{Language, Message, msg};
use desk_store::local_time::TimeZone;
use desk_store::statement::Statement;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use crate::receipt::{encode, standard_fonts};

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
/// The margins.
const LEFT: f32 = 40.0;
const RIGHT: f32 = WIDTH - 40.0;
const TOP: f32 = HEIGHT - 44.0;
/// Where the table stops (the footer is below).
const BOTTOM: f32 = 64.0;
/// A table row's height and text size.
const ROW: f32 = 14.0;
const TEXT: f32 = 8.0;

/// The table's columns: left edge, width, right-aligned (their titles: [`titles`]).
const COLUMNS: [(f32, f32, bool); 7] = [
    (LEFT, 72.0, false),
    (LEFT + 74.0, 62.0, false),
    (LEFT + 140.0, 64.0, false),
    (LEFT + 206.0, 80.0, false),
    (LEFT + 288.0, 103.0, false),
    (LEFT + 393.0, 60.0, true),
    (LEFT + 455.0, 60.0, true),
];

/// The columns' titles in `language`, in [`COLUMNS`]' order.
fn titles(language: Language) -> [String; 7] {
    [
        Message::new("statement.pdf.date_time"),
        Message::new("statement.pdf.provider"),
        Message::new("statement.pdf.kind"),
        Message::new("statement.pdf.reference"),
        Message::new("statement.pdf.counterparty"),
        Message::new("statement.pdf.amount"),
        Message::new("statement.pdf.total"),
    ]
    .map(|m| m.render(language))
}

/// Helvetica's advance widths (thousandths of the text size) of the printable ASCII
/// characters, from Adobe's metrics of the standard fonts. Helvetica-Bold's digits, point,
/// comma and hyphen are as wide, which is all the desk right-aligns in bold.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A..M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a..m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n..z
    334, 260, 334, 584, // {..~
];

/// The width of `text` at `size` in Helvetica; a character outside ASCII counts as wide as
/// most letters (enough to keep accented names inside their column).
fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match u32::from(c) {
            n @ 0x20..=0x7E => u32::from(HELVETICA[(n - 0x20) as usize]),
            0x2026 => 1000,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// `text` cut with `…` to fit `room` at `size`.
fn fit(text: &str, room: f32, size: f32) -> String {
    if width(text, size) <= room {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && width(&cut, size) + width("…", size) > room {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// The statement's words, already in the merchant's terms.
pub struct StatementText<'a> {
    /// The statement.
    pub statement: &'a Statement,
    /// The merchant's name.
    pub merchant: &'a str,
    /// The merchant's time zone (the statement's month is read in it).
    pub zone: &'a TimeZone,
    /// How amounts are written.
    pub locale: AmountLocale,
    /// The language its words are in.
    pub language: Language,
}

/// Pages being written: each a content stream, and where the next line goes.
struct Pages {
    done: Vec<Content>,
    page: Content,
    y: f32,
    titles: [String; 7],
}

impl Pages {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str) {
        let face = if bold { Name(b"F2") } else { Name(b"F1") };
        self.page
            .begin_text()
            .set_font(face, size)
            .next_line(x, y)
            .show(Str(&encode(s)))
            .end_text();
    }

    fn right(&mut self, right: f32, y: f32, size: f32, bold: bool, s: &str) {
        self.text(right - width(s, size), y, size, bold, s);
    }

    fn gray(&mut self, level: f32) {
        self.page.set_fill_gray(level);
    }

    fn rule(&mut self, y: f32) {
        self.page
            .set_line_width(0.6)
            .set_stroke_gray(0.55)
            .move_to(LEFT, y)
            .line_to(RIGHT, y)
            .stroke();
    }

    /// The column titles, with a rule under them.
    fn table_head(&mut self) {
        self.gray(0.35);
        let titles = std::mem::take(&mut self.titles);
        for ((x, w, right), title) in COLUMNS.into_iter().zip(&titles) {
            match right {
                true => self.right(x + w, self.y, TEXT, true, title),
                false => self.text(x, self.y, TEXT, true, title),
            }
        }
        self.titles = titles;
        self.gray(0.0);
        self.rule(self.y - 4.5);
        self.y -= ROW + 2.0;
    }

    /// A new page, its first line at the top.
    fn next_page(&mut self) {
        let full = std::mem::replace(&mut self.page, Content::new());
        self.done.push(full);
        self.y = TOP;
    }
}

impl StatementText<'_> {
    fn money(&self, minor: i64) -> String {
        Money::new(minor, self.statement.currency).format_in(self.locale)
    }

    fn when(&self, ms: i64) -> String {
        let (local, _) = desk_store::local_time::sheet_time(ms, self.zone);
        // to the minute: the zone is named in the header
        local.get(..16).unwrap_or(&local).to_string()
    }

    /// `m` in the statement's language.
    fn say(&self, m: Message) -> String {
        m.render(self.language)
    }

    /// The month's name: `November 2026`, `noviembre de 2026`.
    fn month(&self) -> String {
        self.statement.month.name_in(self.language)
    }

    /// The day the month's last instant falls on (`30 November 2026`), and its first.
    fn day(&self, ms: i64) -> String {
        let (local, _) = desk_store::local_time::sheet_time(ms, self.zone);
        let day = local
            .get(8..10)
            .map(|d| d.trim_start_matches('0'))
            .unwrap_or("");
        self.statement.month.day_in(day, self.language)
    }

    fn zone_line(&self) -> String {
        let (_, offset) = desk_store::local_time::sheet_time(self.statement.starts_ms, self.zone);
        self.say(match self.zone.iana_name() {
            Some(name) => msg!("statement.pdf.zone", zone = name, offset = offset),
            None => msg!("statement.pdf.zone_computer", offset = offset),
        })
    }

    fn environment_line(&self) -> Option<String> {
        (self.statement.environment != Environment::Production).then(|| {
            self.say(msg!(
                "statement.pdf.test_note",
                environment = self.statement.environment.as_str().to_uppercase()
            ))
        })
    }

    /// The statement as a PDF.
    pub fn pdf(&self) -> Vec<u8> {
        let st = self.statement;
        let mut p = Pages {
            done: Vec::new(),
            page: Content::new(),
            y: TOP,
            titles: titles(self.language),
        };
        let title = self.say(Message::new("statement.pdf.title"));
        p.text(LEFT, p.y, 17.0, true, &title);
        p.right(RIGHT, p.y, 17.0, true, st.currency.code());
        p.y -= 21.0;
        p.text(LEFT, p.y, 11.5, false, self.merchant);
        p.y -= 17.0;
        let place = self.say(match st.environment {
            Environment::Production => Message::new("statement.pdf.production"),
            env => msg!(
                "statement.pdf.test_money",
                environment = capitalised(env.as_str())
            ),
        });
        let subtitle = format!("{} · {} · {place}", self.month(), st.currency.code());
        p.text(LEFT, p.y, 10.0, false, &subtitle);
        p.y -= 14.0;
        p.gray(0.35);
        let zone = self.zone_line();
        p.text(LEFT, p.y, 8.5, false, &zone);
        p.gray(0.0);
        p.y -= 26.0;
        let opening = self.say(msg!("statement.pdf.opening", day = self.day(st.starts_ms)));
        p.text(LEFT, p.y, 10.0, true, &opening);
        p.right(RIGHT, p.y, 10.0, true, &self.money(st.opening_minor));
        p.y -= 24.0;
        p.table_head();
        let mut total = st.opening_minor;
        for (i, m) in st.movements.iter().enumerate() {
            if p.y < BOTTOM {
                p.next_page();
                p.gray(0.35);
                let running = self.say(msg!(
                    "statement.pdf.continued",
                    month = self.month(),
                    currency = st.currency.code()
                ));
                p.text(LEFT, p.y, 8.5, false, &running);
                p.gray(0.0);
                p.y -= 20.0;
                p.table_head();
            }
            total += m.amount_minor;
            if i % 2 == 1 {
                p.gray(0.95);
                p.page
                    .rect(LEFT - 3.0, p.y - 4.0, RIGHT - LEFT + 6.0, ROW)
                    .fill_nonzero();
                p.gray(0.0);
            }
            let cells = [
                self.when(m.at_ms),
                m.provider.display_name().to_string(),
                m.kind.label_in(self.language),
                m.reference.clone(),
                m.counterparty.clone(),
                self.money(m.amount_minor),
                self.money(total),
            ];
            for ((x, w, right), cell) in COLUMNS.iter().zip(cells) {
                let cell = fit(&cell, w - 3.0, TEXT);
                match right {
                    true => p.right(x + w, p.y, TEXT, false, &cell),
                    false => p.text(*x, p.y, TEXT, false, &cell),
                }
            }
            p.y -= ROW;
        }
        if st.movements.is_empty() {
            p.gray(0.35);
            let empty = self.say(Message::new("statement.pdf.empty"));
            p.text(LEFT, p.y, TEXT, false, &empty);
            p.gray(0.0);
            p.y -= ROW;
        }
        // the closing block: a rule, the closing total and the month's money in and out
        if p.y - 40.0 < BOTTOM - ROW {
            p.next_page();
        }
        p.rule(p.y + ROW - 5.0);
        p.y -= 8.0;
        let closing = self.say(msg!(
            "statement.pdf.closing",
            day = self.day(st.ends_ms - 1)
        ));
        p.text(LEFT, p.y, 10.0, true, &closing);
        p.right(RIGHT, p.y, 10.0, true, &self.money(st.closing_minor));
        p.y -= 16.0;
        let (into, out): (i64, i64) =
            st.movements
                .iter()
                .fold((0, 0), |(i, o), m| match m.amount_minor >= 0 {
                    true => (i + m.amount_minor, o),
                    false => (i, o + m.amount_minor),
                });
        p.gray(0.35);
        let summary = self.say(
            match st.movements.len() {
                1 => Message::new("statement.pdf.summary_one"),
                n => msg!("statement.pdf.summary_many", count = n),
            }
            .arg("into", self.money(into))
            .arg("out", self.money(out)),
        );
        p.text(LEFT, p.y, 8.5, false, &summary);
        p.gray(0.0);
        let last = std::mem::replace(&mut p.page, Content::new());
        p.done.push(last);
        self.write(p.done)
    }

    /// Adds each page's footer (its number of all, and the environment when not production)
    /// and writes the document.
    fn write(&self, pages: Vec<Content>) -> Vec<u8> {
        let (catalog, tree, regular, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
        let count = pages.len();
        let ids: Vec<(Ref, Ref)> = (0..count as i32)
            .map(|i| (Ref::new(5 + 2 * i), Ref::new(6 + 2 * i)))
            .collect();
        let mut w = Pdf::new();
        w.catalog(catalog).pages(tree);
        w.pages(tree)
            .kids(ids.iter().map(|(page, _)| *page))
            .count(count as i32);
        let note = self.environment_line();
        for (i, (content, (page_id, content_id))) in pages.into_iter().zip(&ids).enumerate() {
            let mut footer = Pages {
                done: Vec::new(),
                page: content,
                y: 34.0,
                titles: Default::default(),
            };
            footer.gray(0.35);
            let merchant = self.say(msg!(
                "statement.pdf.footer",
                merchant = self.merchant,
                month = self.statement.month
            ));
            footer.text(LEFT, 34.0, 7.5, false, &merchant);
            footer.right(
                RIGHT,
                34.0,
                7.5,
                false,
                &self.say(msg!("statement.pdf.page", page = i + 1, count = count)),
            );
            if let Some(note) = &note {
                footer.gray(0.0);
                footer.text(LEFT, 23.0, 7.5, true, note);
            }
            w.stream(*content_id, &footer.page.finish());
            let mut page = w.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
                .parent(tree)
                .contents(*content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Name(b"F1"), regular);
            fonts.pair(Name(b"F2"), bold);
            fonts.finish();
            resources.finish();
            page.finish();
        }
        standard_fonts(&mut w, regular, bold);
        w.finish()
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_and_long_text_is_cut_to_its_column() {
        assert_eq!(HELVETICA.len(), 0x7F - 0x20);
        // every digit is as wide as every other: amounts line up at the right
        assert_eq!(width("1,234.50", 10.0), width("9,999.99", 10.0));
        assert!((width("W", 1000.0) - 944.0).abs() < 0.01);
        let cut = fit("Distribuidora de Abarrotes del Norte", 60.0, 8.0);
        assert!(cut.ends_with('…') && width(&cut, 8.0) <= 60.0, "{cut}");
        assert_eq!(fit("Ana", 60.0, 8.0), "Ana");
    }

    #[test]
    fn the_words_are_in_the_language_asked() {
        use desk_store::statement::{Month, MovementKind};
        let month: Month = "2026-11".parse().unwrap();
        assert_eq!(month.name_in(Language::En), "November 2026");
        assert_eq!(month.name_in(Language::Es), "noviembre de 2026");
        assert_eq!(month.day_in("30", Language::Es), "30 de noviembre de 2026");
        assert_eq!(
            MovementKind::PayoutReversed.label_in(Language::Es),
            "Transferencia devuelta"
        );
        assert_eq!(titles(Language::Es)[5], "Importe");
        assert_eq!(crate::statements::header_in(Language::Es)[0], "fecha_hora");
        assert_eq!(
            crate::statements::header_in(Language::En),
            crate::statements::HEADER
        );
    }
}
