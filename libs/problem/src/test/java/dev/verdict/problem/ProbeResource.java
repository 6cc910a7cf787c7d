package dev.verdict.problem;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A tiny API that fails in every way the mappers handle (test only). */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public record Item(String name, int size) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Item echo(Item item) {
        return item;
    }

    @GET
    @Path("/items/{name}")
    public Item get(@PathParam("name") String name) {
        if (name.equals("invalid")) {
            throw new UnprocessableException("bad name", List.of(Violation.at("/name", "must not be 'invalid'")));
        }
        throw new NotFoundException("no item " + name);
    }

    @GET
    @Path("/boom")
    public Item boom() {
        throw new IllegalStateException("connection to db-secret-host:5432 refused");
    }
}
