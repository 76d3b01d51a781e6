//! Graceful shutdown: on Ctrl-C or SIGTERM the server stops accepting connections, finishes the
//! requests in flight (for at most the request timeout), and returns, so `attest serve` exits 0.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;

/// Completes at Ctrl-C or SIGTERM.
pub async fn signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Serves `app` until `stop` completes, then waits for the requests in flight, at most `grace`.
pub async fn serve_gracefully(
    listener: tokio::net::TcpListener,
    app: IntoMakeServiceWithConnectInfo<Router, SocketAddr>,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let stop = async move {
        stop.await;
        tracing::info!("stopping: no new connections; finishing the requests in flight");
        let _ = stopped_tx.send(());
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(stop);
    let deadline = async move {
        if stopped_rx.await.is_ok() {
            tokio::time::sleep(grace).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        served = server.into_future() => served,
        () = deadline => {
            tracing::warn!("requests still in flight after {} s were dropped", grace.as_secs());
            Ok(())
        }
    }
}
