package dev.verdict.catalog.location;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A real git server for tests: JGit's smart-HTTP {@link GitServlet} in an embedded Jetty on a random loopback port,
 * serving one bare repository at {@code /git/<name>} behind HTTP basic authentication (fetch and push).
 */
final class GitHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final String name;
    final AtomicInteger authorized = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();

    GitHttpServer(Path bareRepo, String name, String user, String password) throws Exception {
        this.name = name;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        GitServlet git = new GitServlet();
        git.setRepositoryResolver((req, repoName) -> {
            if (!repoName.equals(name)) {
                throw new RepositoryNotFoundException(repoName);
            }
            try {
                // GitServlet closes the repository after each request: open one per request.
                return new FileRepositoryBuilder()
                        .setGitDir(bareRepo.toFile())
                        .setMustExist(true)
                        .build();
            } catch (IOException e) {
                throw new RepositoryNotFoundException(repoName, e);
            }
        });
        // Pushes are allowed: the filter below already required the credentials.
        git.setReceivePackFactory((req, db) -> new ReceivePack(db));

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(git), "/git/*");
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        context.addFilter(new FilterHolder(new BasicAuth(expected)), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The repository's URL without credentials. */
    String url() {
        return "http://127.0.0.1:" + port() + "/git/" + name;
    }

    /** The repository's URL with credentials in it, as a user would paste it. */
    String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port() + "/git/" + name;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class BasicAuth implements Filter {
        private final String expected;

        BasicAuth(String expected) {
            this.expected = expected;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String given = ((HttpServletRequest) request).getHeader("Authorization");
            if (!expected.equals(given)) {
                rejected.incrementAndGet();
                HttpServletResponse resp = (HttpServletResponse) response;
                resp.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                resp.sendError(401);
                return;
            }
            authorized.incrementAndGet();
            chain.doFilter(request, response);
        }
    }
}
