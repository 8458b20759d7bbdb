//! Errors starting or persisting the sandbox.

/// Why the sandbox could not start or save.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A port could not be bound.
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port.
        port: u16,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The state file failed.
    #[error("the sandbox state file failed: {0}")]
    Persist(String),
    /// The production rehearsal's test authority or TLS set-up failed.
    #[error("could not set up the rehearsal's HTTPS: {0}")]
    Tls(String),
    /// Two routes of a listener collide (a path and method routed twice, or paths the router
    /// cannot tell apart).
    #[error("the sandbox's routes collide: {0}")]
    Route(String),
}

/// The sandbox's result type.
pub type Result<T> = std::result::Result<T, SandboxError>;
