//! Receipts: a one-page PDF for a payment, refund or payout, made in Rust with `pdf-writer`
//! and the DejaVu Sans font embedded from its crate (no network, no system font). Nothing in
//! the file depends on when or where it is made: the same record gives the same bytes (no
//! creation date, no document id, glyphs written in a fixed order).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

/// What a receipt says, already in the merchant's words (amounts in their locale, the time
/// in their zone, account numbers masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// "Payment receipt", "Refund receipt", "Payout receipt".
    pub title: String,
    /// The merchant's name.
    pub merchant: String,
    /// Labelled lines, in order ("Amount", "12,50 EUR").
    pub lines: Vec<(String, String)>,
    /// "SANDBOX: no real money moved." when not in production.
    pub environment_note: Option<String>,
}

struct Font {
    /// The font file, deflated once per process.
    file: Vec<u8>,
    face: ttf_parser::Face<'static>,
}

fn font() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        let raw = dejavu::sans::regular();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, raw).unwrap_or_default();
        Font {
            file: z.finish().unwrap_or_default(),
            // The font ships inside the binary: a parse failure is a build defect.
            face: ttf_parser::Face::parse(raw, 0).unwrap_or_else(|e| panic!("DejaVu Sans: {e}")),
        }
    })
}

/// Text as the font's glyph ids (two bytes each, Identity-H), remembering each glyph used.
fn encode(text: &str, used: &mut BTreeMap<u16, (char, f32)>) -> Vec<u8> {
    let f = font();
    let scale = 1000.0 / f32::from(f.face.units_per_em());
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        let gid = f.face.glyph_index(c).map_or(0, |g| g.0);
        let width = f
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(0.0, |w| f32::from(w) * scale);
        used.entry(gid).or_insert((c, width));
        out.extend_from_slice(&gid.to_be_bytes());
    }
    out
}

/// The receipt as a PDF (A6 portrait).
pub fn pdf(r: &Receipt) -> Vec<u8> {
    let (catalog, pages, page, content_id) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let (type0, cid, descriptor, file, cmap) = (
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
    );
    let name = Name(b"F1");
    let (width, height) = (297.6, 419.5);
    let mut used = BTreeMap::new();
    let mut content = Content::new();
    let mut y = height - 40.0;
    let mut text = |content: &mut Content, x: f32, y: f32, size: f32, s: &str| {
        let glyphs = encode(s, &mut used);
        content
            .begin_text()
            .set_font(name, size)
            .next_line(x, y)
            .show(Str(&glyphs))
            .end_text();
    };
    text(&mut content, 24.0, y, 15.0, &r.title);
    y -= 20.0;
    text(&mut content, 24.0, y, 11.0, &r.merchant);
    y -= 26.0;
    for (label, value) in &r.lines {
        text(&mut content, 24.0, y, 7.5, label);
        y -= 11.0;
        text(&mut content, 24.0, y, 10.0, value);
        y -= 17.0;
    }
    if let Some(note) = &r.environment_note {
        y -= 6.0;
        text(&mut content, 24.0, y, 9.0, note);
    }
    let content = content.finish();

    let mut w = Pdf::new();
    w.catalog(catalog).pages(pages);
    w.pages(pages).kids([page]).count(1);
    let mut p = w.page(page);
    p.media_box(Rect::new(0.0, 0.0, width, height))
        .parent(pages)
        .contents(content_id);
    p.resources().fonts().pair(name, type0);
    p.finish();
    w.stream(content_id, &content);

    let base = Name(b"DejaVuSans");
    w.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut c = w.cid_font(cid);
    c.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(info)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = c.widths();
    for (gid, (_, wd)) in &used {
        widths.consecutive(*gid, [*wd]);
    }
    widths.finish();
    c.finish();
    let f = font();
    let bb = f.face.global_bounding_box();
    let scale = 1000.0 / f32::from(f.face.units_per_em());
    w.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bb.x_min) * scale,
            f32::from(bb.y_min) * scale,
            f32::from(bb.x_max) * scale,
            f32::from(bb.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(f32::from(f.face.ascender()) * scale)
        .descent(f32::from(f.face.descender()) * scale)
        .cap_height(f32::from(f.face.capital_height().unwrap_or(0)) * scale)
        .stem_v(80.0)
        .font_file2(file);
    w.stream(file, &f.file).filter(Filter::FlateDecode);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), info);
    for (gid, (ch, _)) in &used {
        unicode.pair(*gid, *ch);
    }
    w.cmap(cmap, &unicode.finish());
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Receipt {
        Receipt {
            title: "Refund receipt".into(),
            merchant: "Panadería Núñez".into(),
            lines: vec![("Amount".into(), "1.250,50 EUR".into())],
            environment_note: Some("SANDBOX: no real money moved.".into()),
        }
    }

    #[test]
    fn the_same_receipt_gives_the_same_bytes() {
        assert_eq!(pdf(&sample()), pdf(&sample()));
        assert_ne!(
            pdf(&sample()),
            pdf(&Receipt {
                merchant: "Otra".into(),
                ..sample()
            })
        );
    }
}
