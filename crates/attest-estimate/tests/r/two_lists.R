# Reference figures for the edge-case tests of issue 16 (run from this directory: Rscript edge_cases.R).
source("reference_3lists.R")
runaway <- c(0,30,25,0,20,8,6,3); n <- sum(runaway)
prof("runaway", runaway, "[13,23]", n + 10^(seq(-3, log10(max(n,100)*1e6), by=0.25)))
# two lists: cells 00,10,01,11
pl2 <- function(N, y) { n <- sum(y[-1]); d <- data.frame(A=c(0,1,0,1), B=c(0,0,1,1), y=c(N-n, y[-1]))
  fit <- suppressWarnings(glm(y ~ A + B, family=poisson, data=d)); mu <- fitted(fit)
  lgamma(N+1) - lgamma(N-n+1) + sum(ifelse(d$y>0, d$y*log(mu/N), 0)) }
two <- function(name, n1, n2, m) {
  y <- c(0, n1-m, n2-m, m); n <- n1+n2-m
  g <- n + 10^(seq(-3, log10(max(n,100)*1e6), by=0.25)); v <- sapply(g, pl2, y=y); i <- which.max(v)
  chap <- (n1+1)*(n2+1)/(m+1)-1; se <- sqrt((n1+1)*(n2+1)*(n1-m)*(n2-m)/((m+1)^2*(m+2)))
  cat("==", name, "chapman", chap, "se", se, "normal", chap-1.96*se, chap+1.96*se, "\n")
  if (i == length(v)) { t <- v[i]-qchisq(.95,1)/2; j <- which(v >= t)[1]
    lo <- uniroot(function(N) pl2(N,y)-t, c(g[j-1], g[j]), tol=1e-9)$root; cat("lower bound", lo, "\n") }
  else { o <- optimize(function(N) pl2(N,y), c(g[i-1], g[i+1]), maximum=TRUE); t <- o$objective-qchisq(.95,1)/2
    lo <- uniroot(function(N) pl2(N,y)-t, c(n+1e-9, o$maximum), tol=1e-9)$root
    j <- which(g > o$maximum & v < t)[1]
    hi <- if (is.na(j)) Inf else uniroot(function(N) pl2(N,y)-t, c(o$maximum, g[j]), tol=1e-9)$root
    f0 <- chap - n; C <- exp(1.96*sqrt(log(1+se^2/f0^2)))
    cat(sprintf("profile point %.4f [%.4f, %.4f]; lognormal [%.4f, %.4f]\n", o$maximum, lo, hi, n+f0/C, n+f0*C)) }
}
two("zero overlap", 50, 40, 0)
two("one in common", 180, 182, 1)
two("ten in common", 60, 50, 10)
