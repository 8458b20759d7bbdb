//! Response bodies: bytes known in full, or a body that breaks before its first byte (an
//! injected fault's dropped connection).

use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::body::{Bytes, Frame, SizeHint};

/// A response body.
#[derive(Debug)]
pub struct Body(Kind);

#[derive(Debug)]
enum Kind {
    /// What is left to send (`None` once sent, or for an empty body).
    Full(Option<Bytes>),
    /// Fails when polled, once: hyper then drops the connection without finishing the reply.
    Broken { failed: bool },
}

impl Body {
    /// No bytes.
    pub fn empty() -> Self {
        Self(Kind::Full(None))
    }

    /// A body that fails instead of sending anything: the connection is dropped.
    pub(crate) fn broken() -> Self {
        Self(Kind::Broken { failed: false })
    }

    /// The whole body, if it is known in full (not for a broken one).
    pub fn full(&self) -> Option<&[u8]> {
        match &self.0 {
            Kind::Full(bytes) => Some(bytes.as_deref().unwrap_or_default()),
            Kind::Broken { .. } => None,
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self(Kind::Full((!bytes.is_empty()).then_some(bytes)))
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(match &mut self.get_mut().0 {
            Kind::Full(bytes) => bytes.take().map(|b| Ok(Frame::data(b))),
            Kind::Broken { failed: true } => None,
            Kind::Broken { failed } => {
                *failed = true;
                Some(Err(std::io::Error::other(
                    "connection dropped after commit",
                )))
            }
        })
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.0, Kind::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Kind::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Broken { .. } => SizeHint::default(),
        }
    }
}
