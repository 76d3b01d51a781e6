# Rcapture-equivalent figures for 3-list tables with base R's glm (Rcapture fits the same
# Poisson glm on the observed cells; Rcapture itself is not packaged in Debian).
models <- list("[1,2,3]"=~A+B+C, "[12,3]"=~A*B+C, "[13,2]"=~A*C+B, "[23,1]"=~B*C+A,
               "[12,13]"=~A*B+A*C, "[12,23]"=~A*B+B*C, "[13,23]"=~A*C+B*C, "[12,13,23]"=~(A+B+C)^2)
cells <- expand.grid(A=0:1,B=0:1,C=0:1)
ref <- function(name, counts) {
  d <- cells; d$y <- counts  # counts in expand.grid order: 000,100,010,110,001,101,011,111
  obs <- d[-1,]; n <- sum(obs$y)
  cat("==", name, "n =", n, "\n")
  for (m in names(models)) {
    f <- update(models[[m]], y ~ .)
    w <- NULL
    fit <- withCallingHandlers(glm(f, family=poisson, data=obs), warning=function(x){w <<- c(w, conditionMessage(x)); invokeRestart("muffleWarning")})
    N <- n + exp(coef(fit)[1])
    k <- length(coef(fit)); ll <- as.numeric(logLik(fit))
    cat(sprintf("%-12s N=%.6g dev=%.4f df=%d AIC=%.3f BIC=%.3f conv=%s %s\n", m, N, deviance(fit), fit$df.residual,
                -2*ll+2*k, -2*ll+k*log(n), fit$converged, paste(w, collapse="; ")))
  }
}
prof <- function(name, counts, m, grid) {
  d <- cells; d$y <- counts; n <- sum(d$y[-1])
  f <- update(models[[m]], y ~ .)
  pl <- function(N) { d$y[1] <- N - n; fit <- suppressWarnings(glm(f, family=poisson, data=d, control=glm.control(maxit=100)))
    mu <- fitted(fit); lgamma(N+1) - lgamma(N-n+1) + sum(ifelse(d$y>0, d$y*log(mu/N), 0)) }
  v <- sapply(grid, pl)
  i <- which.max(v)
  cat("== profile", name, m, "argmax grid", grid[i], "max", v[i], "last", v[length(v)], "\n")
  if (i < length(v) && i > 1) {
    o <- optimize(pl, c(grid[i-1], grid[i+1]), maximum=TRUE)
    t <- o$objective - qchisq(0.95,1)/2
    lo <- if (pl(n+1e-9) >= t) n else uniroot(function(N) pl(N)-t, c(n+1e-9, o$maximum), tol=1e-9)$root
    j <- which(grid > o$maximum & v < t)[1]
    hi <- if (is.na(j)) Inf else uniroot(function(N) pl(N)-t, c(o$maximum, grid[j]), tol=1e-9)$root
    cat(sprintf("point %.4f low %.4f high %.4f\n", o$maximum, lo, hi))
  } else if (i == length(v)) {
    t <- v[i] - qchisq(0.95,1)/2
    j <- which(v >= t)[1]
    lo <- if (j == 1) n else uniroot(function(N) pl(N)-t, c(grid[j-1], grid[j]), tol=1e-9)$root
    cat(sprintf("rises to the end: lower bound %.4f\n", lo))
  } else cat("peak at observed\n")
}
args <- commandArgs(TRUE)
