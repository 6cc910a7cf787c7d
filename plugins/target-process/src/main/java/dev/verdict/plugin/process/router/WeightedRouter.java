package dev.verdict.plugin.process.router;

import dev.verdict.plugin.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP front of a component's local instances: vertx-http-proxy's reverse proxy with an origin chosen per
 * request by the current {@link Routes} (a {@link Picker}), and every request recorded in {@link RouterRecords} under
 * the scope it went to. {@link #route} swaps the split in one volatile write: the next request follows it, requests
 * in flight finish where they are.
 */
public final class WeightedRouter implements AutoCloseable {

    private static final String SCOPE = "verdict.scope";
    private static final String STARTED = "verdict.started";
    private static final String RECORDED = "verdict.recorded";

    private final Vertx vertx;
    private final HttpClient client;
    private final HttpServer server;
    private final RouterRecords records;
    private volatile Picker picker;

    private WeightedRouter(Vertx vertx, HttpClient client, HttpServer server, RouterRecords records) {
        this.vertx = vertx;
        this.client = client;
        this.server = server;
        this.records = records;
    }

    /** Listens on {@code host:port} (0: any free port); no request is served until {@link #route} is called. */
    public static WeightedRouter start(String host, int port, RouterRecords records) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                // half the cores by default: the instances behind it run on this machine too (two loops on two cores
                // were measured: no gain); -Dverdict.router.event-loops=N for a machine that runs only the router
                .setEventLoopPoolSize(Integer.getInteger(
                        "verdict.router.event-loops",
                        Math.max(1, Runtime.getRuntime().availableProcessors() / 2))));
        HttpClient client = vertx.createHttpClient(
                // HTTP/1.1 pipelining to the instances was tried: no gain in RouterBench (docs/performance.md)
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(64));
        HttpProxy proxy = HttpProxy.reverseProxy(client);
        WeightedRouter[] self = new WeightedRouter[1];
        proxy.origin(OriginRequestProvider.selector(ctx -> self[0].choose(ctx)));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
                ctx.set(STARTED, System.nanoTime());
                return ctx.sendRequest().onFailure(e -> self[0].record(ctx, 502));
            }

            @Override
            public Future<Void> handleProxyResponse(ProxyContext ctx) {
                int status = ctx.response().getStatusCode();
                return ctx.sendResponse().onComplete(ar -> self[0].record(ctx, ar.succeeded() ? status : 502));
            }
        });
        HttpServer server = vertx.createHttpServer(
                        new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(proxy);
        self[0] = new WeightedRouter(vertx, client, server, records);
        try {
            await(server.listen());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        return self[0];
    }

    public int port() {
        return server.actualPort();
    }

    public RouterRecords records() {
        return records;
    }

    /** The split from the next request on. */
    public void route(Routes routes) {
        picker = new Picker(routes);
    }

    private Future<SocketAddress> choose(ProxyContext ctx) {
        Picker p = picker;
        if (p == null) {
            return Future.failedFuture("no routes yet");
        }
        Picker.Choice c = p.pick();
        ctx.set(SCOPE, c.scope());
        return Future.succeededFuture(SocketAddress.inetSocketAddress(
                c.address().getPort(), c.address().getHostString()));
    }

    /** Once per request: a failed delivery reaches both the request's failure and the proxy's own 502. */
    private void record(ProxyContext ctx, int status) {
        Scope scope = ctx.get(SCOPE, Scope.class);
        Long started = ctx.get(STARTED, Long.class);
        if (scope != null && started != null && ctx.get(RECORDED, Boolean.class) == null) {
            ctx.set(RECORDED, Boolean.TRUE);
            records.record(scope, status, (System.nanoTime() - started) / 1000);
        }
    }

    @Override
    public void close() {
        try {
            await(server.close());
            await(client.close());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
