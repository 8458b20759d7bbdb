//! How WebKit paints, chosen before WebKit starts.
//!
//! WebKit paints pages with Skia on the GPU through OpenGL. Where the machine has no GPU
//! (a virtual machine, a remote desktop, an old till), Mesa draws that OpenGL in software
//! (llvmpipe): every new kind of shape then goes through a shader compiler before the same
//! CPU paints it. There, Skia's own CPU painting is the faster path: on a 2-core machine
//! without a GPU the history reached the screen about 200 ms sooner, and the process tree
//! was 30 MB smaller. WebKit reads its rendering variables once, when it starts, so the
//! choice is made first thing at start-up.

use std::ffi::OsString;
use std::path::Path;

/// WebKit's switch to Skia's CPU painting.
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// What the choice depends on, read from the machine.
pub struct Machine {
    /// What the merchant (or their administrator) set for WebKit already, if anything.
    pub preset: Option<OsString>,
    /// Mesa was told to draw in software (`LIBGL_ALWAYS_SOFTWARE`).
    pub software_gl_forced: bool,
    /// The machine has a GPU render node (`/dev/dri/renderD*`).
    pub has_render_node: bool,
}

impl Machine {
    /// Reads the environment and the machine's render nodes under `dri` (`/dev/dri`).
    pub fn read(dri: &Path) -> Self {
        let has_render_node = std::fs::read_dir(dri).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        });
        Self {
            preset: std::env::var_os(CPU_PAINTING),
            software_gl_forced: std::env::var_os("LIBGL_ALWAYS_SOFTWARE")
                .is_some_and(|v| v != "0" && !v.is_empty()),
            has_render_node,
        }
    }

    /// Whether WebKit should paint on the CPU: only where OpenGL would be software anyway,
    /// and never against what was set explicitly.
    pub fn wants_cpu_painting(&self) -> bool {
        self.preset.is_none() && (self.software_gl_forced || !self.has_render_node)
    }
}

/// Turns on Skia's CPU painting where the machine draws OpenGL in software. Call it first
/// thing at start-up, before any thread starts.
#[allow(unsafe_code)] // the one place: see the SAFETY note
pub fn choose() {
    if Machine::read(Path::new("/dev/dri")).wants_cpu_painting() {
        // SAFETY: `run` calls this first, and `main` calls `run` first: no other thread exists
        // yet, so nothing can read the environment while it changes.
        unsafe { std::env::set_var(CPU_PAINTING, "1") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(preset: Option<&str>, forced: bool, node: bool) -> Machine {
        Machine {
            preset: preset.map(OsString::from),
            software_gl_forced: forced,
            has_render_node: node,
        }
    }

    #[test]
    fn cpu_painting_only_where_opengl_is_software_and_nobody_chose_otherwise() {
        assert!(machine(None, false, false).wants_cpu_painting(), "no GPU");
        assert!(
            machine(None, true, true).wants_cpu_painting(),
            "software GL forced"
        );
        assert!(
            !machine(None, false, true).wants_cpu_painting(),
            "a GPU paints"
        );
        assert!(
            !machine(Some("0"), false, false).wants_cpu_painting(),
            "an explicit 0 stays"
        );
        assert!(
            !machine(Some("1"), false, false).wants_cpu_painting(),
            "already set: untouched"
        );
    }

    #[test]
    fn a_render_node_is_found_among_the_dri_devices() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!Machine::read(dri.path()).has_render_node, "empty");
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(
            !Machine::read(dri.path()).has_render_node,
            "a card alone renders nothing"
        );
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(Machine::read(dri.path()).has_render_node);
        assert!(!Machine::read(&dri.path().join("missing")).has_render_node);
    }
}
