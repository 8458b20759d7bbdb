//! One desk per data folder on Linux: the first launch listens on a Unix socket in its data
//! folder; a second launch on the same folder connects, asks the first to bring its window
//! forward, and exits before anything else starts. (Elsewhere `tauri-plugin-single-instance`
//! does this; on Linux that plugin brings a second D-Bus stack into the binary, which took the
//! release build over its size budget.) The database's own lock still refuses any second
//! process that gets past this.

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

/// What a launch found.
pub enum Claim {
    /// This is the first desk on the folder: it listens for later launches.
    First(UnixListener),
    /// Another desk holds the folder and was asked to come forward.
    Another,
}

/// The socket of the desk whose data folder is `data_dir`.
fn socket(data_dir: &Path) -> PathBuf {
    data_dir.join("desk.instance")
}

/// Claims `data_dir` for this process, or hands the launch over to the desk that holds it.
pub fn claim(data_dir: &Path) -> std::io::Result<Claim> {
    let path = socket(data_dir);
    if let Ok(mut first) = UnixStream::connect(&path) {
        first.write_all(b"focus\n")?;
        // Wait for the first desk's answer, so this launch ends after it was heard.
        let mut ack = [0u8; 3];
        let _ = first.read(&mut ack);
        return Ok(Claim::Another);
    }
    std::fs::create_dir_all(data_dir)?;
    // Nobody answers: a socket left by a desk that stopped is stale.
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    UnixListener::bind(&path).map(Claim::First)
}

/// Answers each later launch and calls `forward` for it; runs until the process ends
/// (blocked in `accept`, so it costs no CPU while nobody knocks).
pub fn listen(listener: UnixListener, forward: impl Fn() + Send + 'static) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = [0u8; 6];
            if stream.read_exact(&mut line).is_ok() && &line == b"focus\n" {
                forward();
                let _ = stream.write_all(b"ok\n");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_launch_on_the_folder_reaches_the_first_and_another_folder_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(listener) = claim(dir.path()).unwrap() else {
            panic!("the first launch holds the folder");
        };
        let (tx, rx) = mpsc::channel();
        listen(listener, move || {
            let _ = tx.send(());
        });
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Another));
        rx.recv_timeout(Duration::from_secs(2))
            .expect("the first desk was asked to come forward");
        let other = tempfile::tempdir().unwrap();
        assert!(matches!(claim(other.path()).unwrap(), Claim::First(_)));
    }

    #[test]
    fn a_socket_left_by_a_desk_that_stopped_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        drop(UnixListener::bind(socket(dir.path())).unwrap());
        assert!(matches!(claim(dir.path()).unwrap(), Claim::First(_)));
    }
}
