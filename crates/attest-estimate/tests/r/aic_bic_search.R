# Reference figures for the edge-case tests of issue 16 (run from this directory: Rscript edge_cases.R).
source("reference_3lists.R")
pci <- function(counts, m) {
  d <- cells; d$y <- counts; n <- sum(d$y[-1]); f <- update(models[[m]], y ~ .)
  pl <- function(N) { d$y[1] <- N - n; fit <- suppressWarnings(glm(f, family=poisson, data=d, control=glm.control(maxit=100)))
    mu <- fitted(fit); lgamma(N+1) - lgamma(N-n+1) + sum(ifelse(d$y>0, d$y*log(mu/N), 0)) }
  grid <- n + 10^(seq(-3, log10(max(n,100)*1e6), by=0.25)); v <- sapply(grid, pl); i <- which.max(v)
  if (i == 1 || i == length(v)) return(c(NA,NA,NA))
  o <- optimize(pl, c(grid[i-1], grid[i+1]), maximum=TRUE); t <- o$objective - qchisq(0.95,1)/2
  lo <- uniroot(function(N) pl(N)-t, c(n+1e-9, o$maximum), tol=1e-9)$root
  j <- which(grid > o$maximum & v < t)[1]
  hi <- if (is.na(j)) Inf else uniroot(function(N) pl(N)-t, c(o$maximum, grid[j]), tol=1e-9)$root
  c(o$maximum, lo, hi)
}
set.seed(16)
for (k in 1:400) {
  N <- 3000; p <- runif(3, 0.1, 0.4); g12 <- runif(1, 0, 0.6)
  lam <- sapply(0:7, function(i) { a <- i %% 2; b <- (i %/% 2) %% 2; c <- (i %/% 4) %% 2
    log(N) + a*log(p[1]/(1-p[1])) + b*log(p[2]/(1-p[2])) + c*log(p[3]/(1-p[3])) + g12*a*b })
  mu <- exp(lam); mu <- mu / sum(mu) * N; y <- rpois(8, mu); y[1] <- 0
  if (any(y[-1] == 0)) next
  d <- cells; d$y <- y; obs <- d[-1,]; n <- sum(obs$y)
  st <- sapply(names(models), function(m) { fit <- glm(update(models[[m]], y ~ .), family=poisson, data=obs); k <- length(coef(fit)); ll <- as.numeric(logLik(fit)); c(-2*ll+2*k, -2*ll+k*log(n), n+exp(coef(fit)[1])) })
  a <- names(models)[which.min(st[1,])]; b <- names(models)[which.min(st[2,])]
  if (a != b) { ca <- pci(y, a); cb <- pci(y, b)
    if (!any(is.na(c(ca,cb))) && (ca[3] < cb[2] || cb[3] < ca[2])) {
      cat("FOUND", paste(y[-1], collapse=","), "AIC", a, st[3, a], ca, "BIC", b, st[3, b], cb, "\n"); break } }
}
