// The sea under the board: shallow and deep water from the board's map, ripples and light
// on the shallows (the foam along each shore is drawn with the land). WebGL2-safe:
// uniforms only, one texture read by texel.
#import bevy_sprite::{mesh2d_vertex_output::VertexOutput, mesh2d_view_bindings::globals}

struct WaterParams {
    shallow: vec4<f32>,
    deep: vec4<f32>,
    // x, y: the board's cells across and down; z: 1 when the water moves, 0 when still.
    grid: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: WaterParams;
// One texel a cell, sampled smoothly: r = land or rock, g = deep water.
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var map: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var map_sampler: sampler;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let cells = in.uv * params.grid.xy;
    let t = globals.time * params.grid.z;

    // Depth per cell, exact (read without smoothing), so every cell is plainly shallow or
    // deep.
    let size = vec2<i32>(params.grid.xy);
    let texel = clamp(vec2<i32>(floor(cells)), vec2<i32>(0), size - vec2<i32>(1));
    let depth = textureLoad(map, texel, 0).g;
    var colour = mix(params.shallow.rgb, params.deep.rgb, depth);

    // Two crossing swells and a finer chop.
    let a = sin(cells.x * 3.1 + cells.y * 1.9 + t * 1.3);
    let b = sin(cells.x * -2.3 + cells.y * 3.4 + t * 0.9);
    let c = sin((cells.x - cells.y) * 6.1 - t * 2.1);
    let swell = sin(cells.x * 0.9 + cells.y * 0.6 + t * 0.6);
    colour = colour * (0.95 + 0.05 * swell);
    // Light dancing on the shallows, faint over the deep.
    let caustic = pow(max(0.0, 1.0 - abs(a * b + 0.35 * c)), 14.0);
    colour = colour + vec3<f32>(caustic * mix(0.06, 0.02, depth));

    // A faint grid, so cells can be counted on open water.
    let edge = abs(fract(cells) - vec2<f32>(0.5));
    let line = smoothstep(0.47, 0.5, max(edge.x, edge.y));
    colour = mix(colour, colour * 0.82, line);

    return vec4<f32>(colour, 1.0);
}
