/** Jest projects follow the test layers of the house style: unit, golden, sim, integration, lab. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
});
module.exports = {
  projects: ['unit', 'golden', 'sim', 'integration', 'lab'].map(project),
};
