//! What the X server shows: the pixels a person in front of the screen would see, read with
//! `GetImage` from the display the tests run on (Xvfb).

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

/// A rectangle of the screen, in pixels from its top-left corner.
#[derive(Clone, Copy, Debug)]
pub struct Region {
    /// Left edge.
    pub x: i16,
    /// Top edge.
    pub y: i16,
    /// Width.
    pub width: u16,
    /// Height.
    pub height: u16,
}

/// Whether 32-bit pixels (blue, green, red, padding) show dark text on a light background:
/// enough of both, which neither an unmapped screen (black) nor a blank page (light) has.
pub fn shows_text(pixels: &[u8]) -> bool {
    let (mut dark, mut light) = (0, 0);
    for px in pixels.chunks_exact(4) {
        let luma =
            (u32::from(px[2]) * 299 + u32::from(px[1]) * 587 + u32::from(px[0]) * 114) / 1000;
        if luma < 100 {
            dark += 1;
        } else if luma > 200 {
            light += 1;
        }
    }
    dark >= 20 && light >= 20
}

/// One connection to the default X display, kept open for as long as it is read: X servers
/// reset when their last client leaves, and a connection opened during that reset is refused.
pub struct Screen {
    conn: x11rb::rust_connection::RustConnection,
    root: u32,
}

impl Screen {
    /// Connects to the display in `DISPLAY`.
    pub fn open() -> Result<Self, crate::Error> {
        let (conn, screen) = x11rb::connect(None)?;
        let root = conn.setup().roots[screen].root;
        Ok(Self { conn, root })
    }

    /// Polls `region` every `every` until it shows text, or `within` has passed: returns when
    /// it first did.
    pub fn wait_for_text(
        &self,
        region: Region,
        every: Duration,
        within: Duration,
    ) -> Result<Option<Instant>, crate::Error> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            let image = self
                .conn
                .get_image(
                    ImageFormat::Z_PIXMAP,
                    self.root,
                    region.x,
                    region.y,
                    region.width,
                    region.height,
                    !0,
                )?
                .reply()?;
            if shows_text(&image.data) {
                return Ok(Some(Instant::now()));
            }
            std::thread::sleep(every);
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(colours: &[([u8; 3], usize)]) -> Vec<u8> {
        colours
            .iter()
            .flat_map(|(rgb, n)| std::iter::repeat_n([rgb[2], rgb[1], rgb[0], 0], *n))
            .flatten()
            .collect()
    }

    #[test]
    fn text_is_dark_on_light_and_neither_alone_counts() {
        assert!(!shows_text(&pixels(&[([0, 0, 0], 400)])), "unmapped, black");
        assert!(
            !shows_text(&pixels(&[([247, 248, 250], 400)])),
            "a blank page"
        );
        assert!(
            !shows_text(&pixels(&[([15, 118, 110], 400)])),
            "the teal banner"
        );
        assert!(shows_text(&pixels(&[
            ([247, 248, 250], 300),
            ([23, 32, 42], 100)
        ])));
    }
}
